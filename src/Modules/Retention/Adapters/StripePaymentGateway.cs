using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Ecosystem.Platform.Payments;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Retention.Adapters;

/// <summary>
/// <see cref="IPaymentGateway"/> over Stripe's HTTP API (no Stripe.net: the package registry here does not have it).
/// The card is typed into Stripe's own form in the browser (Stripe.js / Elements), which returns a PaymentMethod id
/// (<c>pm_…</c>); this gateway never sees a card number. Steps: find the Stripe customer whose metadata
/// <c>ecosystem_customer_ref</c> is our customer id, or create it; then create and confirm a SetupIntent
/// (<c>confirm=true, usage=off_session</c>) for that PaymentMethod, which attaches it to the customer for later charges;
/// brand, last four and expiry come back from the expanded PaymentMethod. Every POST carries an <c>Idempotency-Key</c>.
/// Declines map onto <see cref="PaymentOutcome"/>; anything technical (5xx, 429, bad key, timeout, network, an
/// unexpected answer) is <see cref="PaymentOutcome.ProcessingError"/>. The secret key and card data are never logged.
/// </summary>
internal sealed partial class StripePaymentGateway(HttpClient http, StripeOptions options, ILogger<StripePaymentGateway> logger) : IPaymentGateway
{
    public const string ProviderName = "stripe";
    public const string CustomerRefMetadataKey = Ecosystem.Platform.Payments.PaymentMetadata.CustomerRef;

    public string Name => ProviderName;

    // Moving to the Stripe.net adapter in Platform/Payments (issue 16, part 1); until then only card setup goes to Stripe.
    public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ChargeResult(PaymentOutcome.ProcessingError, null, request.Amount, "Charges through Stripe are not available yet."));

    public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new RefundResult(PaymentOutcome.ProcessingError, null, null, null, "Refunds through Stripe are not available yet."));

    public Task<SubscriptionResult> SubscribeAsync(SubscriptionRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new SubscriptionResult(PaymentOutcome.ProcessingError, null, null, null, null, false, "Subscriptions through Stripe are not available yet."));

    public Task<SubscriptionResult> CancelSubscriptionAsync(CancelSubscriptionRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new SubscriptionResult(PaymentOutcome.ProcessingError, null, null, null, null, false, "Subscriptions through Stripe are not available yet."));

    public async Task<CardSetupResult> SetupCardAsync(CardSetupRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Card is not null)
        {
            LogRawCardRefused(logger, request.CustomerRef);
            return Technical("The Stripe gateway does not take card numbers: the card must be entered in Stripe's payment form.");
        }

        var token = request.PaymentMethodToken?.Trim();
        if (string.IsNullOrEmpty(token) || !token.StartsWith("pm_", StringComparison.Ordinal) || token.Length > 255)
        {
            return Technical("A Stripe payment method token (pm_…) is required.");
        }

        if (string.IsNullOrWhiteSpace(request.IdempotencyKey))
        {
            throw new ArgumentException("An idempotency key is required.", nameof(request));
        }

        try
        {
            var customer = await FindOrCreateCustomerAsync(request, cancellationToken).ConfigureAwait(false);
            if (customer.Failure is not null) return customer.Failure;

            var form = new List<KeyValuePair<string, string>>
            {
                new("customer", customer.Id!),
                new("payment_method", token),
                new("confirm", "true"),
                new("usage", "off_session"),
                new("payment_method_types[]", "card"),
                new("expand[]", "payment_method"),
                new($"metadata[{CustomerRefMetadataKey}]", request.CustomerRef),
            };
            using var response = await SendAsync(HttpMethod.Post, "v1/setup_intents", form, request.IdempotencyKey + ":setup_intent", cancellationToken).ConfigureAwait(false);
            using var body = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return FromError(response.StatusCode, body, "setup_intents", request.CustomerRef);
            }

            var result = await FromSetupIntentAsync(body?.RootElement ?? default, request.CustomerRef, cancellationToken).ConfigureAwait(false);
            return result.Succeeded ? result with { GatewayCustomerId = customer.Id } : result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimeout(logger, request.CustomerRef, http.Timeout.TotalSeconds);
            return Technical("The payment provider did not answer in time.");
        }
        catch (HttpRequestException ex)
        {
            LogUnreachable(logger, request.CustomerRef, ex.HttpRequestError.ToString());
            return Technical("The payment provider could not be reached.");
        }
    }

    private async Task<(string? Id, CardSetupResult? Failure)> FindOrCreateCustomerAsync(CardSetupRequest request, CancellationToken ct)
    {
        var escaped = request.CustomerRef.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
        var query = Uri.EscapeDataString($"metadata['{CustomerRefMetadataKey}']:'{escaped}'");
        using (var search = await SendAsync(HttpMethod.Get, $"v1/customers/search?query={query}&limit=1", null, null, ct).ConfigureAwait(false))
        using (var found = await ReadJsonAsync(search, ct).ConfigureAwait(false))
        {
            if (!search.IsSuccessStatusCode) return (null, FromError(search.StatusCode, found, "customers/search", request.CustomerRef));
            if (found is not null && found.RootElement.ValueKind == JsonValueKind.Object
                && found.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
                && data.GetArrayLength() > 0 && Str(data[0], "id") is { } existing)
            {
                return (existing, null);
            }
        }

        // Search is eventually consistent (a new customer shows up after a while): a key derived from our customer id
        // makes a second create within Stripe's 24 h idempotency window return the same customer instead of a duplicate.
        var form = new List<KeyValuePair<string, string>>
        {
            new("email", request.Email),
            new("name", request.Name),
            new($"metadata[{CustomerRefMetadataKey}]", request.CustomerRef),
        };
        using var create = await SendAsync(HttpMethod.Post, "v1/customers", form, "ecosystem-customer-" + request.CustomerRef, ct).ConfigureAwait(false);
        using var created = await ReadJsonAsync(create, ct).ConfigureAwait(false);
        if (!create.IsSuccessStatusCode) return (null, FromError(create.StatusCode, created, "customers", request.CustomerRef));
        var id = created is null ? null : Str(created.RootElement, "id");
        if (id is null) return (null, Unexpected("customers", request.CustomerRef));
        LogCustomerCreated(logger, id, request.CustomerRef);
        return (id, null);
    }

    private async Task<CardSetupResult> FromSetupIntentAsync(JsonElement intent, string customerRef, CancellationToken ct)
    {
        var status = Str(intent, "status");
        var intentId = Str(intent, "id") ?? "?";
        switch (status)
        {
            case "succeeded":
                var pm = intent.TryGetProperty("payment_method", out var p) ? p : default;
                if (pm.ValueKind == JsonValueKind.String)
                {
                    using var retrieved = await RetrievePaymentMethodAsync(pm.GetString()!, customerRef, ct).ConfigureAwait(false);
                    return retrieved is null ? Unexpected("payment_methods", customerRef) : Saved(intentId, retrieved.RootElement, customerRef);
                }

                return pm.ValueKind == JsonValueKind.Object ? Saved(intentId, pm, customerRef) : Unexpected("setup_intents", customerRef);

            case "requires_payment_method":
                var error = Obj(intent, "last_setup_error") ?? default;
                return Decline(intentId, Str(error, "code"), Str(error, "decline_code"), Str(error, "message"), customerRef);

            case "requires_action" or "requires_confirmation":
                LogSetupIntent(logger, intentId, customerRef, status);
                return new CardSetupResult(PaymentOutcome.Declined, null, null, null, null, null,
                    "Your bank asks for an extra confirmation step that this chat cannot complete. Please try another card.");

            case "canceled":
                LogSetupIntent(logger, intentId, customerRef, status);
                return new CardSetupResult(PaymentOutcome.Declined, null, null, null, null, null, "The card setup was cancelled.");

            case null:
                return Unexpected("setup_intents", customerRef);

            default: // "processing" (not expected for cards) or something new
                LogSetupIntent(logger, intentId, customerRef, status ?? "(none)");
                return Technical("The payment provider has not confirmed the card yet.");
        }
    }

    private async Task<JsonDocument?> RetrievePaymentMethodAsync(string id, string customerRef, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, "v1/payment_methods/" + Uri.EscapeDataString(id), null, null, ct).ConfigureAwait(false);
        var body = await ReadJsonAsync(response, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return body;
        LogHttpFailure(logger, "payment_methods", (int)response.StatusCode, customerRef, ErrorField(body, "type"), ErrorField(body, "code"));
        body?.Dispose();
        return null;
    }

    private CardSetupResult Saved(string intentId, JsonElement pm, string customerRef)
    {
        var card = Obj(pm, "card") ?? default;
        var pmId = Str(pm, "id");
        var last4 = Str(card, "last4");
        if (pmId is null || last4 is null) return Unexpected("payment_methods", customerRef);
        LogSetupIntent(logger, intentId, customerRef, "succeeded");
        return new CardSetupResult(PaymentOutcome.Succeeded, pmId, Str(card, "brand"), last4, Int(card, "exp_month"), Int(card, "exp_year"), "Card saved.");
    }

    private CardSetupResult Decline(string? intentId, string? code, string? declineCode, string? message, string customerRef)
    {
        var status = MapDecline(code, declineCode);
        LogDeclined(logger, intentId ?? "?", customerRef, code ?? "(none)", declineCode ?? "(none)", status);
        return new CardSetupResult(status, null, null, null, null, null, message ?? DefaultMessage(status));
    }

    /// <summary>Stripe's <c>code</c> / <c>decline_code</c> pair onto our statuses (see docs/retention-integrations.md).</summary>
    internal static PaymentOutcome MapDecline(string? code, string? declineCode)
    {
        if (code == "expired_card" || declineCode == "expired_card") return PaymentOutcome.ExpiredCard;
        if (code == "insufficient_funds" || declineCode == "insufficient_funds") return PaymentOutcome.InsufficientFunds;
        if (code == "processing_error" || declineCode == "processing_error") return PaymentOutcome.ProcessingError;
        return PaymentOutcome.Declined; // card_declined (generic_decline, do_not_honor, lost_card, …), incorrect_cvc, authentication_required, …
    }

    private static string DefaultMessage(PaymentOutcome status) => status switch
    {
        PaymentOutcome.ExpiredCard => "Your card has expired.",
        PaymentOutcome.InsufficientFunds => "Your card has insufficient funds.",
        PaymentOutcome.ProcessingError => "An error occurred while processing your card. Try again in a little bit.",
        _ => "Your card was declined.",
    };

    private CardSetupResult FromError(HttpStatusCode statusCode, JsonDocument? body, string operation, string customerRef)
    {
        var type = ErrorField(body, "type");
        var code = ErrorField(body, "code");
        if (type == "card_error")
        {
            var intentId = body is not null && Obj(body.RootElement, "error") is { } err && Obj(err, "setup_intent") is { } si ? Str(si, "id") : null;
            return Decline(intentId, code, ErrorField(body, "decline_code"), ErrorField(body, "message"), customerRef);
        }

        LogHttpFailure(logger, operation, (int)statusCode, customerRef, type ?? "(none)", code ?? "(none)");
        return Technical(statusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? "The payment provider is not configured correctly."
            : "The payment provider could not process the card right now.");
    }

    private CardSetupResult Unexpected(string operation, string customerRef)
    {
        LogUnexpectedAnswer(logger, operation, customerRef);
        return Technical("The payment provider gave an unexpected answer.");
    }

    private static CardSetupResult Technical(string message) =>
        new(PaymentOutcome.ProcessingError, null, null, null, null, null, message);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, List<KeyValuePair<string, string>>? form, string? idempotencyKey, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(method, new Uri(options.BaseUri, path));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.SecretKey);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(options.ApiVersion)) message.Headers.TryAddWithoutValidation("Stripe-Version", options.ApiVersion);
        if (idempotencyKey is not null) message.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        if (form is not null) message.Content = new FormUrlEncodedContent(form);
        return await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
    }

    private static async Task<JsonDocument?> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonDocument.ParseAsync(stream, cancellationToken: ct).ConfigureAwait(false);
            }
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ErrorField(JsonDocument? body, string name) =>
        body is not null && Obj(body.RootElement, "error") is { } e ? Str(e, name) : null;

    private static JsonElement? Obj(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i
        : e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var s) && s.ValueKind == JsonValueKind.String
          && int.TryParse(s.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var j) ? j
        : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe gateway refused raw card input for customer {CustomerRef}: only Stripe payment method tokens are accepted")]
    private static partial void LogRawCardRefused(ILogger logger, string customerRef);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe customer {StripeCustomerId} created for customer {CustomerRef}")]
    private static partial void LogCustomerCreated(ILogger logger, string stripeCustomerId, string customerRef);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe SetupIntent {SetupIntentId} for customer {CustomerRef}: {Status}")]
    private static partial void LogSetupIntent(ILogger logger, string setupIntentId, string customerRef, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe SetupIntent {SetupIntentId} for customer {CustomerRef} declined: code {Code}, decline code {DeclineCode} -> {Status}")]
    private static partial void LogDeclined(ILogger logger, string setupIntentId, string customerRef, string code, string declineCode, PaymentOutcome status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stripe {Operation} answered {StatusCode} for customer {CustomerRef}: error type {ErrorType}, code {ErrorCode}")]
    private static partial void LogHttpFailure(ILogger logger, string operation, int statusCode, string customerRef, string? errorType, string? errorCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stripe {Operation} gave an unexpected answer for customer {CustomerRef}")]
    private static partial void LogUnexpectedAnswer(ILogger logger, string operation, string customerRef);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stripe did not answer within {TimeoutSeconds} s for customer {CustomerRef}")]
    private static partial void LogTimeout(ILogger logger, string customerRef, double timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stripe could not be reached for customer {CustomerRef}: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string customerRef, string error);
}
