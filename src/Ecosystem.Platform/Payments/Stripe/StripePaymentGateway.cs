using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Stripe;

namespace Ecosystem.Platform.Payments.Stripe;

/// <summary>
/// <see cref="IPaymentGateway"/> over Stripe's API with the official Stripe.net client (ADR 0022). The card is typed into
/// Stripe's own form in the browser (Stripe.js), which returns a PaymentMethod id (<c>pm_…</c>); this gateway never sees
/// a card number and refuses one. Customers are found by the metadata <c>ecosystem_customer_ref</c> (our customer id)
/// or created; a card is saved with a confirmed off-session SetupIntent; a charge is a confirmed PaymentIntent; a refund
/// is a Refund of the PaymentIntent; a subscription is a Subscription on a Stripe price. Every POST carries the caller's
/// idempotency key with a suffix per kind of call, so a retried call (ours or Stripe.net's own retry) replays Stripe's
/// first answer and never moves money twice. Declines map onto <see cref="PaymentOutcome"/>; a request Stripe refuses
/// as asked (an over-refund, an unknown payment) is <see cref="PaymentOutcome.Invalid"/>; anything technical (5xx,
/// 429, a bad key, a timeout, the network, an answer it cannot read) is <see cref="PaymentOutcome.ProcessingError"/>
/// with words a customer can read. Neither the secret key nor card data is ever logged.
/// </summary>
internal sealed partial class StripePaymentGateway : IPaymentGateway
{
    public const string ProviderName = PaymentOptions.StripeProvider;
    public const string CustomerRefMetadataKey = PaymentMetadata.CustomerRef;

    private static readonly AppInfo Application = new() { Name = "Ecosystem" };
    private static readonly string[] Reasons = ["duplicate", "fraudulent", "requested_by_customer"];

    private readonly StripeClient client;
    private readonly TimeSpan timeout;
    private readonly ILogger<StripePaymentGateway> logger;

    public StripePaymentGateway(HttpClient http, PaymentOptions options, ILogger<StripePaymentGateway> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var stripe = options.Stripe;
        // Stripe.net's own HTTP layer over the factory's client: its retries (network failures, timeouts, 409, 5xx)
        // with back-off, its Stripe-Version, and no telemetry header about earlier requests.
        client = new StripeClient(
            apiKey: stripe.SecretKey,
            httpClient: new SystemNetHttpClient(http, stripe.MaxNetworkRetries, Application, enableTelemetry: false),
            apiBase: stripe.BaseUri.ToString().TrimEnd('/'));
        timeout = http.Timeout;
        this.logger = logger;
    }

    public string Name => ProviderName;

    public async Task<CardSetupResult> SetupCardAsync(CardSetupRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Card is not null)
        {
            LogRawCardRefused(logger, request.CustomerRef);
            return SetupFailed(PaymentOutcome.ProcessingError, "The Stripe gateway does not take card numbers: the card must be entered in Stripe's payment form.");
        }

        var token = request.PaymentMethodToken?.Trim();
        if (string.IsNullOrEmpty(token) || !token.StartsWith("pm_", StringComparison.Ordinal) || token.Length > 255)
        {
            return SetupFailed(PaymentOutcome.ProcessingError, "A Stripe payment method token (pm_…) is required.");
        }

        RequireKey(request.IdempotencyKey);
        try
        {
            var customerId = await FindOrCreateCustomerAsync(request, cancellationToken).ConfigureAwait(false);
            var intent = await client.V1.SetupIntents.CreateAsync(new SetupIntentCreateOptions
            {
                Customer = customerId,
                PaymentMethod = token,
                Confirm = true,
                Usage = "off_session",
                AllowedPaymentMethodTypes = ["card"],
                Expand = ["payment_method"],
                Metadata = new Dictionary<string, string> { [CustomerRefMetadataKey] = request.CustomerRef },
            }, Key(request.IdempotencyKey, "setup_intent"), cancellationToken).ConfigureAwait(false);

            var result = await FromSetupIntentAsync(intent, request.CustomerRef, cancellationToken).ConfigureAwait(false);
            return result.Succeeded ? result with { GatewayCustomerId = customerId } : result;
        }
        catch (StripeException ex) when (ex.StripeError is { Type: "card_error" } e)
        {
            var status = MapDecline(e.Code, e.DeclineCode);
            LogDeclined(logger, "SetupIntent", e.SetupIntent?.Id ?? "?", request.CustomerRef, e.Code ?? "(none)", e.DeclineCode ?? "(none)", status);
            return SetupFailed(status, e.Message ?? DefaultMessage(status));
        }
        catch (Exception ex) when (Technical(ex, "setup_intents", request.CustomerRef, cancellationToken) is { } message)
        {
            return SetupFailed(PaymentOutcome.ProcessingError, message);
        }
    }

    public async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireKey(request.IdempotencyKey);
        if (request.Amount.Minor <= 0) return new ChargeResult(PaymentOutcome.Invalid, null, request.Amount, "The amount to charge must be more than zero.");
        if (string.IsNullOrWhiteSpace(request.GatewayCustomerId) || string.IsNullOrWhiteSpace(request.PaymentMethodId))
        {
            return new ChargeResult(PaymentOutcome.Invalid, null, request.Amount, "This customer has no such saved card.");
        }

        try
        {
            var intent = await client.V1.PaymentIntents.CreateAsync(new PaymentIntentCreateOptions
            {
                Amount = request.Amount.Minor,
                Currency = request.Amount.Currency.ToLowerInvariant(),
                Customer = request.GatewayCustomerId,
                PaymentMethod = request.PaymentMethodId,
                Confirm = true,
                OffSession = request.OffSession ? true : null,
                AllowedPaymentMethodTypes = ["card"],
                Description = Truncate(request.Description, 1000),
                Metadata = MetadataFor(request.CustomerRef, request.Metadata),
            }, Key(request.IdempotencyKey, "payment_intent"), cancellationToken).ConfigureAwait(false);
            return FromPaymentIntent(intent, request);
        }
        catch (StripeException ex) when (ex.StripeError is { Type: "card_error" } e)
        {
            // Stripe answers 402 for a declined confirmation (and for an off-session charge that needs the customer);
            // the PaymentIntent exists, so its id comes back for lookups and for the webhook that follows.
            var status = MapDecline(e.Code, e.DeclineCode);
            var intentId = e.PaymentIntent?.Id;
            LogDeclined(logger, "PaymentIntent", intentId ?? "?", request.CustomerRef, e.Code ?? "(none)", e.DeclineCode ?? "(none)", status);
            return new ChargeResult(status, intentId, request.Amount, e.Message ?? DefaultMessage(status), e.DeclineCode ?? e.Code);
        }
        catch (StripeException ex) when (Refused(ex) is { } e)
        {
            LogRefused(logger, "payment_intents", request.CustomerRef, e.Code ?? "(none)", e.Param ?? "(none)");
            return new ChargeResult(PaymentOutcome.Invalid, null, request.Amount,
                e.Code == "resource_missing" ? "This customer has no such saved card." : "The payment provider refused this charge as asked.");
        }
        catch (Exception ex) when (Technical(ex, "payment_intents", request.CustomerRef, cancellationToken) is { } message)
        {
            return new ChargeResult(PaymentOutcome.ProcessingError, null, request.Amount, message);
        }
    }

    public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireKey(request.IdempotencyKey);
        if (string.IsNullOrWhiteSpace(request.PaymentId)) return RefundFailed(PaymentOutcome.Invalid, request, "There is no successful payment with this id to refund.");
        if (request.Amount is { Minor: <= 0 }) return RefundFailed(PaymentOutcome.Invalid, request, "The amount to refund must be more than zero.");

        try
        {
            if (request.Amount is { } asked)
            {
                // Stripe reads a refund's amount in the payment's currency: a refund in another currency is refused here
                // rather than refunding the wrong sum.
                var intent = await client.V1.PaymentIntents.GetAsync(request.PaymentId, null, null, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(intent.Currency, asked.Currency, StringComparison.OrdinalIgnoreCase))
                {
                    return RefundFailed(PaymentOutcome.Invalid, request, $"The payment was in {intent.Currency?.ToUpperInvariant()}; a refund must be too.");
                }
            }

            var known = Reasons.Contains(request.Reason);
            var refund = await client.V1.Refunds.CreateAsync(new RefundCreateOptions
            {
                PaymentIntent = request.PaymentId,
                Amount = request.Amount?.Minor,
                Reason = known ? request.Reason : null,
                Metadata = known || string.IsNullOrWhiteSpace(request.Reason) ? null : new Dictionary<string, string> { ["reason"] = Truncate(request.Reason, 500)! },
                Expand = ["charge"],
            }, Key(request.IdempotencyKey, "refund"), cancellationToken).ConfigureAwait(false);

            if (refund.Id is null || refund.Currency is null) return RefundFailed(PaymentOutcome.ProcessingError, request, Unexpected("refunds", request.PaymentId));
            var currency = refund.Currency.ToUpperInvariant();
            // The charge as Stripe saw it right after this refund (an idempotent replay answers the same snapshot).
            var soFar = refund.Charge is { AmountRefunded: > 0 } charge ? charge.AmountRefunded : refund.Amount;
            LogRefund(logger, refund.Id, request.PaymentId, refund.Amount, refund.Status ?? "(none)");
            return refund.Status is "failed" or "canceled"
                ? new RefundResult(PaymentOutcome.ProcessingError, refund.Id, new Money(refund.Amount, currency), null, "The refund did not go through.")
                : new RefundResult(PaymentOutcome.Succeeded, refund.Id, new Money(refund.Amount, currency), new Money(soFar, currency), null);
        }
        catch (StripeException ex) when (Refused(ex) is { } e)
        {
            LogRefused(logger, "refunds", request.PaymentId, e.Code ?? "(none)", e.Param ?? "(none)");
            return RefundFailed(PaymentOutcome.Invalid, request, e.Code switch
            {
                "charge_already_refunded" => "This payment has already been refunded in full.",
                "amount_too_large" => "That is more than what is left of this payment to refund.",
                "resource_missing" => "There is no successful payment with this id to refund.",
                "charge_disputed" => "This payment is disputed; it cannot be refunded.",
                _ when e.Param == "amount" => "That is more than what is left of this payment to refund.",
                _ => "The payment provider refused this refund as asked.",
            });
        }
        catch (Exception ex) when (Technical(ex, "refunds", request.PaymentId, cancellationToken) is { } message)
        {
            return RefundFailed(PaymentOutcome.ProcessingError, request, message);
        }
    }

    public async Task<SubscriptionResult> SubscribeAsync(SubscriptionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireKey(request.IdempotencyKey);
        if (request.TrialDays is < 0 or > 730 || string.IsNullOrWhiteSpace(request.PriceId))
        {
            return SubscriptionFailed(PaymentOutcome.Invalid, "A subscription needs a Stripe price (price_…) and a trial of 0 to 730 days.");
        }

        if (string.IsNullOrWhiteSpace(request.GatewayCustomerId) || string.IsNullOrWhiteSpace(request.PaymentMethodId))
        {
            return SubscriptionFailed(PaymentOutcome.Invalid, "This customer has no such saved card.");
        }

        try
        {
            // The amount and interval come from the Stripe price; allow_incomplete (Stripe's default) answers a first
            // payment that fails with an incomplete subscription instead of an error.
            var subscription = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
            {
                Customer = request.GatewayCustomerId,
                DefaultPaymentMethod = request.PaymentMethodId,
                Items = [new SubscriptionItemOptions { Price = request.PriceId }],
                TrialPeriodDays = request.TrialDays > 0 ? request.TrialDays : null,
                PaymentBehavior = "allow_incomplete",
                Metadata = MetadataFor(request.CustomerRef, request.Metadata),
            }, Key(request.IdempotencyKey, "subscription"), cancellationToken).ConfigureAwait(false);
            return FromSubscription(subscription, request.CustomerRef);
        }
        catch (StripeException ex) when (ex.StripeError is { Type: "card_error" } e)
        {
            var status = MapDecline(e.Code, e.DeclineCode);
            LogDeclined(logger, "Subscription", "?", request.CustomerRef, e.Code ?? "(none)", e.DeclineCode ?? "(none)", status);
            return SubscriptionFailed(status, e.Message ?? DefaultMessage(status));
        }
        catch (StripeException ex) when (Refused(ex) is { } e)
        {
            LogRefused(logger, "subscriptions", request.CustomerRef, e.Code ?? "(none)", e.Param ?? "(none)");
            return SubscriptionFailed(PaymentOutcome.Invalid, e.Param is "items" or "items[0][price]" || e.Message?.Contains("price", StringComparison.OrdinalIgnoreCase) == true
                ? "The payment provider does not know this price."
                : "The payment provider refused this subscription as asked.");
        }
        catch (Exception ex) when (Technical(ex, "subscriptions", request.CustomerRef, cancellationToken) is { } message)
        {
            return SubscriptionFailed(PaymentOutcome.ProcessingError, message);
        }
    }

    public async Task<SubscriptionResult> CancelSubscriptionAsync(CancelSubscriptionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireKey(request.IdempotencyKey);
        if (string.IsNullOrWhiteSpace(request.SubscriptionId)) return SubscriptionFailed(PaymentOutcome.Invalid, "There is no such subscription.");
        try
        {
            var subscription = request.AtPeriodEnd
                ? await client.V1.Subscriptions.UpdateAsync(request.SubscriptionId, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true },
                    Key(request.IdempotencyKey, "cancel_at_period_end"), cancellationToken).ConfigureAwait(false)
                : await client.V1.Subscriptions.CancelAsync(request.SubscriptionId, null, Key(request.IdempotencyKey, "cancel"), cancellationToken).ConfigureAwait(false);
            return FromSubscription(subscription, request.SubscriptionId);
        }
        catch (StripeException ex) when (Refused(ex) is { } e)
        {
            // Cancelling one already cancelled is refused by Stripe; for us it is done.
            if (e.Code != "resource_missing" && await CanceledAlreadyAsync(request.SubscriptionId, cancellationToken).ConfigureAwait(false) is { } current)
            {
                return FromSubscription(current, request.SubscriptionId);
            }

            LogRefused(logger, "subscriptions", request.SubscriptionId, e.Code ?? "(none)", e.Param ?? "(none)");
            return SubscriptionFailed(PaymentOutcome.Invalid, e.Code == "resource_missing" ? "There is no such subscription." : "The payment provider refused to cancel this subscription.");
        }
        catch (Exception ex) when (Technical(ex, "subscriptions", request.SubscriptionId, cancellationToken) is { } message)
        {
            return SubscriptionFailed(PaymentOutcome.ProcessingError, message);
        }
    }

    private async Task<Subscription?> CanceledAlreadyAsync(string id, CancellationToken ct)
    {
        try
        {
            var current = await client.V1.Subscriptions.GetAsync(id, null, null, ct).ConfigureAwait(false);
            return current.Status == "canceled" ? current : null;
        }
        catch (Exception ex) when (ex is StripeException or HttpRequestException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>Stripe's <c>code</c> / <c>decline_code</c> pair onto our statuses (see docs/retention-integrations.md).</summary>
    internal static PaymentOutcome MapDecline(string? code, string? declineCode)
    {
        if (code == "expired_card" || declineCode == "expired_card") return PaymentOutcome.ExpiredCard;
        if (code == "insufficient_funds" || declineCode == "insufficient_funds") return PaymentOutcome.InsufficientFunds;
        if (code == "authentication_required" || declineCode == "authentication_required") return PaymentOutcome.AuthenticationRequired;
        if (code == "processing_error" || declineCode == "processing_error") return PaymentOutcome.ProcessingError;
        return PaymentOutcome.Declined; // card_declined (generic_decline, do_not_honor, lost_card, …), incorrect_cvc, …
    }

    private async Task<string> FindOrCreateCustomerAsync(CardSetupRequest request, CancellationToken ct)
    {
        var escaped = request.CustomerRef.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
        var found = await client.V1.Customers.SearchAsync(new CustomerSearchOptions { Query = $"metadata['{CustomerRefMetadataKey}']:'{escaped}'", Limit = 1 }, null, ct)
            .ConfigureAwait(false);
        if (found?.Data is [{ Id: { } existing }, ..]) return existing;

        // Search is eventually consistent (a new customer shows up after a while): a key derived from our customer id
        // makes a second create within Stripe's 24 h idempotency window return the same customer instead of a duplicate.
        var created = await client.V1.Customers.CreateAsync(new CustomerCreateOptions
        {
            Email = request.Email,
            Name = request.Name,
            Metadata = new Dictionary<string, string> { [CustomerRefMetadataKey] = request.CustomerRef },
        }, new RequestOptions { IdempotencyKey = "ecosystem-customer-" + request.CustomerRef }, ct).ConfigureAwait(false);
        if (created?.Id is not { } id) throw UnexpectedAnswer("customers");
        LogCustomerCreated(logger, id, request.CustomerRef);
        return id;
    }

    private async Task<CardSetupResult> FromSetupIntentAsync(SetupIntent intent, string customerRef, CancellationToken ct)
    {
        var intentId = intent.Id ?? "?";
        switch (intent.Status)
        {
            case "succeeded":
                var pm = intent.PaymentMethod;
                if (pm is null && intent.PaymentMethodId is { } pmId)
                {
                    pm = await client.V1.PaymentMethods.GetAsync(pmId, null, null, ct).ConfigureAwait(false);
                }

                if (pm?.Id is null || pm.Card?.Last4 is null) return SetupFailed(PaymentOutcome.ProcessingError, Unexpected("payment_methods", customerRef));
                LogSetupIntent(logger, intentId, customerRef, "succeeded");
                return new CardSetupResult(PaymentOutcome.Succeeded, pm.Id, pm.Card.Brand, pm.Card.Last4, (int)pm.Card.ExpMonth, (int)pm.Card.ExpYear, "Card saved.");

            case "requires_payment_method":
                var error = intent.LastSetupError;
                var status = MapDecline(error?.Code, error?.DeclineCode);
                LogDeclined(logger, "SetupIntent", intentId, customerRef, error?.Code ?? "(none)", error?.DeclineCode ?? "(none)", status);
                return SetupFailed(status, error?.Message ?? DefaultMessage(status));

            case "requires_action" or "requires_confirmation":
                LogSetupIntent(logger, intentId, customerRef, intent.Status);
                return SetupFailed(PaymentOutcome.Declined, "Your bank asks for an extra confirmation step that this chat cannot complete. Please try another card.");

            case "canceled":
                LogSetupIntent(logger, intentId, customerRef, intent.Status);
                return SetupFailed(PaymentOutcome.Declined, "The card setup was cancelled.");

            case null:
                return SetupFailed(PaymentOutcome.ProcessingError, Unexpected("setup_intents", customerRef));

            default: // "processing" (not expected for cards) or something new
                LogSetupIntent(logger, intentId, customerRef, intent.Status);
                return SetupFailed(PaymentOutcome.ProcessingError, "The payment provider has not confirmed the card yet.");
        }
    }

    private ChargeResult FromPaymentIntent(PaymentIntent intent, ChargeRequest request)
    {
        if (intent.Id is null) return new ChargeResult(PaymentOutcome.ProcessingError, null, request.Amount, Unexpected("payment_intents", request.CustomerRef));
        LogPaymentIntent(logger, intent.Id, request.CustomerRef, intent.Status ?? "(none)", request.OffSession);
        switch (intent.Status)
        {
            case "succeeded":
                return new ChargeResult(PaymentOutcome.Succeeded, intent.Id, request.Amount, null);
            case "requires_action" or "requires_confirmation":
                // 3-D Secure: the customer has to confirm in the browser (never possible off-session).
                return new ChargeResult(PaymentOutcome.AuthenticationRequired, intent.Id, request.Amount, DefaultMessage(PaymentOutcome.AuthenticationRequired), "authentication_required");
            case "requires_payment_method":
                var error = intent.LastPaymentError;
                var status = MapDecline(error?.Code, error?.DeclineCode);
                return new ChargeResult(status, intent.Id, request.Amount, error?.Message ?? DefaultMessage(status), error?.DeclineCode ?? error?.Code);
            case "canceled":
                return new ChargeResult(PaymentOutcome.Declined, intent.Id, request.Amount, "The payment was cancelled.");
            default: // "processing" (not expected for cards), "requires_capture" (we never ask for manual capture) or something new
                return new ChargeResult(PaymentOutcome.ProcessingError, intent.Id, request.Amount, "The payment provider has not confirmed the payment yet.");
        }
    }

    private SubscriptionResult FromSubscription(Subscription subscription, string subject)
    {
        if (subscription.Id is null || subscription.Status is null) return SubscriptionFailed(PaymentOutcome.ProcessingError, Unexpected("subscriptions", subject));
        LogSubscription(logger, subscription.Id, subject, subscription.Status, subscription.CancelAtPeriodEnd);
        // Since API version 2025-03-31 the billing period is per item; a subscription here has one item.
        var periodEnd = subscription.Items?.Data?.FirstOrDefault()?.CurrentPeriodEnd is { } end && end != default ? Utc(end) : (DateTimeOffset?)null;
        var trialEnd = subscription.TrialEnd is { } trial && trial != default ? Utc(trial) : (DateTimeOffset?)null;
        var ok = subscription.Status is "active" or "trialing" or "canceled";
        return new SubscriptionResult(ok ? PaymentOutcome.Succeeded : PaymentOutcome.Declined, subscription.Id, subscription.Status, periodEnd ?? trialEnd, trialEnd,
            subscription.CancelAtPeriodEnd, ok ? null : "The subscription's payment did not go through.");
    }

    /// <summary>
    /// The customer-facing words for a technical failure, after logging it (type and code only, never the message or the
    /// key); null for anything that is not a provider failure (the caller cancelling, a bug), which then propagates.
    /// </summary>
    private string? Technical(Exception ex, string operation, string subject, CancellationToken ct)
    {
        switch (ex)
        {
            case StripeException { StripeError: null } se:
                LogUnexpectedAnswer(logger, operation, subject, (int)se.HttpStatusCode);
                return "The payment provider gave an unexpected answer.";
            case StripeException se:
                LogHttpFailure(logger, operation, (int)se.HttpStatusCode, subject, se.StripeError.Type ?? "(none)", se.StripeError.Code ?? "(none)");
                return (int)se.HttpStatusCode is 401 or 403
                    ? "The payment provider is not configured correctly."
                    : "The payment provider could not process this right now. Please try again in a little while.";
            case OperationCanceledException when !ct.IsCancellationRequested:
                LogTimeout(logger, operation, subject, timeout.TotalSeconds);
                return "The payment provider did not answer in time.";
            case HttpRequestException hre:
                LogUnreachable(logger, operation, subject, hre.HttpRequestError.ToString());
                return "The payment provider could not be reached.";
            default:
                return null;
        }
    }

    /// <summary>Stripe refused the request as asked (400/404 invalid_request_error): retrying the same will not help.</summary>
    private static StripeError? Refused(StripeException ex) =>
        ex.StripeError is { Type: "invalid_request_error" } e && (int)ex.HttpStatusCode is 400 or 404 ? e : null;

    private string Unexpected(string operation, string subject)
    {
        LogUnexpectedAnswer(logger, operation, subject, 200);
        return "The payment provider gave an unexpected answer.";
    }

    private static StripeException UnexpectedAnswer(string operation) =>
        new(System.Net.HttpStatusCode.OK, null, $"Stripe {operation} answered without the expected fields.");

    private static RequestOptions Key(string key, string call) =>
        // Stripe takes keys up to 255 characters; a longer caller key is hashed (still one key per attempt).
        new() { IdempotencyKey = (key.Length > 200 ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) : key) + ":" + call };

    private static void RequireKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key)) throw new ArgumentException("An idempotency key is required.", nameof(key));
    }

    private static Dictionary<string, string> MetadataFor(string customerRef, IReadOnlyDictionary<string, string>? extra)
    {
        var metadata = extra is null ? new Dictionary<string, string>() : new Dictionary<string, string>(extra);
        metadata[CustomerRefMetadataKey] = customerRef;
        return metadata;
    }

    private static string? Truncate(string? text, int max) => text is { Length: > 0 } t && t.Length > max ? t[..max] : text;

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static string DefaultMessage(PaymentOutcome status) => status switch
    {
        PaymentOutcome.ExpiredCard => "Your card has expired.",
        PaymentOutcome.InsufficientFunds => "Your card has insufficient funds.",
        PaymentOutcome.AuthenticationRequired => "Your bank needs you to confirm this payment.",
        PaymentOutcome.ProcessingError => "An error occurred while processing your card. Try again in a little bit.",
        _ => "Your card was declined.",
    };

    private static CardSetupResult SetupFailed(PaymentOutcome status, string message) => new(status, null, null, null, null, null, message);

    private static RefundResult RefundFailed(PaymentOutcome status, RefundRequest request, string message) => new(status, null, request.Amount, null, message);

    private static SubscriptionResult SubscriptionFailed(PaymentOutcome status, string message) => new(status, null, null, null, null, false, message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe gateway refused raw card input for customer {CustomerRef}: only Stripe payment method tokens are accepted")]
    private static partial void LogRawCardRefused(ILogger logger, string customerRef);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe customer {StripeCustomerId} created for customer {CustomerRef}")]
    private static partial void LogCustomerCreated(ILogger logger, string stripeCustomerId, string customerRef);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe SetupIntent {SetupIntentId} for customer {CustomerRef}: {Status}")]
    private static partial void LogSetupIntent(ILogger logger, string setupIntentId, string customerRef, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe PaymentIntent {PaymentIntentId} for customer {CustomerRef}: {Status} (off-session: {OffSession})")]
    private static partial void LogPaymentIntent(ILogger logger, string paymentIntentId, string customerRef, string status, bool offSession);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe {Kind} {ObjectId} for {Subject} declined: code {Code}, decline code {DeclineCode} -> {Status}")]
    private static partial void LogDeclined(ILogger logger, string kind, string objectId, string subject, string code, string declineCode, PaymentOutcome status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe refund {RefundId} of {PaymentIntentId}: {Amount} minor units, {Status}")]
    private static partial void LogRefund(ILogger logger, string refundId, string paymentIntentId, long amount, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe subscription {SubscriptionId} for {Subject}: {Status} (cancel at period end: {CancelAtPeriodEnd})")]
    private static partial void LogSubscription(ILogger logger, string subscriptionId, string subject, string status, bool cancelAtPeriodEnd);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe {Operation} refused the request for {Subject}: code {ErrorCode}, parameter {Param}")]
    private static partial void LogRefused(ILogger logger, string operation, string subject, string errorCode, string param);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stripe {Operation} answered {StatusCode} for {Subject}: error type {ErrorType}, code {ErrorCode}")]
    private static partial void LogHttpFailure(ILogger logger, string operation, int statusCode, string subject, string errorType, string errorCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stripe {Operation} gave an unexpected answer ({StatusCode}) for {Subject}")]
    private static partial void LogUnexpectedAnswer(ILogger logger, string operation, string subject, int statusCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stripe {Operation} did not answer within {TimeoutSeconds} s for {Subject}")]
    private static partial void LogTimeout(ILogger logger, string operation, string subject, double timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stripe {Operation} could not be reached for {Subject}: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string operation, string subject, string error);
}
