using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Ecosystem.Tests.Retention.Adapters;

/// <summary>
/// Answers like Stripe's API for the calls the gateway makes (customers/search, customers, setup_intents,
/// payment_methods/{id}), with Stripe's test payment methods, error JSON and idempotency (same key + same parameters
/// replays the first answer; same key + other parameters is a 400 idempotency_error). Refuses requests without the
/// right Bearer key (401), POSTs without an Idempotency-Key and non-form bodies (400), so the tests prove the gateway
/// sends them.
/// </summary>
public sealed partial class FakeStripe : IAsyncDisposable
{
    public const string SecretKey = "sk_test_51FakeSecretKeyNeverLogged";

    private readonly ConcurrentDictionary<string, (string Fingerprint, int Status, string Json)> idempotency = new();
    private readonly object gate = new();
    private int customerCount;
    private int setupIntentCount;

    private FakeStripe(LoopbackServer server) => Server = server;

    public LoopbackServer Server { get; }
    public Uri BaseAddress => Server.BaseAddress;
    public IEnumerable<RecordedRequest> Requests => Server.Requests;
    /// <summary>Our customer ref → Stripe customer id (what customers/search finds).</summary>
    public ConcurrentDictionary<string, string> Customers { get; } = new();
    public int SetupIntentsCreated => setupIntentCount;
    /// <summary>Answer with the PaymentMethod id only (as without expand[]), so the gateway must retrieve it.</summary>
    public bool IgnoreExpand { get; set; }
    public TimeSpan Delay { get; set; }

    public static async Task<FakeStripe> StartAsync()
    {
        FakeStripe? fake = null;
        var server = await LoopbackServer.StartAsync((req, ctx) => fake!.HandleAsync(req, ctx));
        fake = new FakeStripe(server);
        return fake;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private async Task HandleAsync(RecordedRequest req, HttpContext ctx)
    {
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, ctx.RequestAborted);

        if (req.Header("Authorization") != "Bearer " + SecretKey)
        {
            var shown = req.Header("Authorization") is { Length: > 20 } a ? a[7..15] + "****" : "****";
            await Error(ctx, 401, "invalid_request_error", null, null, $"Invalid API Key provided: {shown}");
            return;
        }

        if (req.Method == "POST")
        {
            if (req.Header("Idempotency-Key") is not { Length: > 0 } key)
            {
                await Error(ctx, 400, "invalid_request_error", "idempotency_key_missing", null, "The fake requires an Idempotency-Key on every POST.");
                return;
            }

            if (!(req.Header("Content-Type") ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
            {
                await Error(ctx, 400, "invalid_request_error", null, null, "Stripe takes form-encoded bodies.");
                return;
            }

            var fingerprint = req.Path + "?" + string.Join("&", req.Form.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + string.Join(",", f.Value)));
            (string Fingerprint, int Status, string Json) answer;
            lock (gate)
            {
                if (idempotency.TryGetValue(key, out var first))
                {
                    answer = first.Fingerprint == fingerprint
                        ? first
                        : (fingerprint, 400, ErrorJson("idempotency_error", null, null, "Keys for idempotent requests can only be used with the same parameters they were first used with."));
                }
                else
                {
                    answer = Post(req);
                    answer = (fingerprint, answer.Status, answer.Json);
                    idempotency[key] = answer;
                }
            }

            await LoopbackServer.JsonAsync(ctx, answer.Status, answer.Json);
            return;
        }

        if (req.Path == "/v1/customers/search")
        {
            var query = Uri.UnescapeDataString(Regex.Match(req.Query, "query=([^&]*)").Groups[1].Value);
            var match = SearchQuery().Match(query);
            var data = match.Success && Customers.TryGetValue(match.Groups["ref"].Value, out var id)
                ? $"[{{\"id\":\"{id}\",\"object\":\"customer\"}}]"
                : "[]";
            await LoopbackServer.JsonAsync(ctx, match.Success ? 200 : 400,
                $"{{\"object\":\"search_result\",\"url\":\"/v1/customers/search\",\"has_more\":false,\"data\":{data}}}");
            return;
        }

        if (req.Path.StartsWith("/v1/payment_methods/", StringComparison.Ordinal))
        {
            var pm = req.Path["/v1/payment_methods/".Length..];
            var card = Card(pm);
            await (card is null
                ? Error(ctx, 404, "invalid_request_error", "resource_missing", null, $"No such PaymentMethod: '{pm}'")
                : LoopbackServer.JsonAsync(ctx, 200, PaymentMethodJson(pm, card.Value)));
            return;
        }

        await Error(ctx, 404, "invalid_request_error", null, null, "Unrecognized request URL.");
    }

    private (string Fingerprint, int Status, string Json) Post(RecordedRequest req)
    {
        if (req.Path == "/v1/customers")
        {
            var id = "cus_fake" + Interlocked.Increment(ref customerCount);
            if (req.Field("metadata[ecosystem_customer_ref]") is { } customerRef) Customers[customerRef] = id;
            return ("", 200, JsonSerializer.Serialize(new { id, @object = "customer", email = req.Field("email"), name = req.Field("name") }));
        }

        if (req.Path != "/v1/setup_intents") return ("", 404, ErrorJson("invalid_request_error", null, null, "Unrecognized request URL."));

        var customer = req.Field("customer");
        var pm = req.Field("payment_method") ?? "";
        if (customer is null || !Customers.Values.Contains(customer))
        {
            return ("", 400, ErrorJson("invalid_request_error", "resource_missing", null, $"No such customer: '{customer}'"));
        }

        if (req.Field("confirm") != "true" || req.Field("usage") != "off_session")
        {
            return ("", 400, ErrorJson("invalid_request_error", "parameter_missing", null, "The fake expects confirm=true and usage=off_session."));
        }

        var seti = "seti_fake" + Interlocked.Increment(ref setupIntentCount);
        string Failed(string code, string? decline, string message) =>
            ErrorJson("card_error", code, decline, message,
                $",\"setup_intent\":{{\"id\":\"{seti}\",\"object\":\"setup_intent\",\"status\":\"requires_payment_method\"}}");

        switch (pm)
        {
            case "pm_card_chargeDeclined":
                return ("", 402, Failed("card_declined", "generic_decline", "Your card was declined."));
            case "pm_card_chargeDeclinedInsufficientFunds":
                return ("", 402, Failed("card_declined", "insufficient_funds", "Your card has insufficient funds."));
            case "pm_card_chargeDeclinedExpiredCard":
                return ("", 402, Failed("expired_card", "expired_card", "Your card has expired."));
            case "pm_card_chargeDeclinedProcessingError":
                return ("", 402, Failed("processing_error", null, "An error occurred while processing your card. Try again in a little bit."));
            case "pm_fake_server_error":
                return ("", 500, ErrorJson("api_error", null, null, "An unknown error occurred"));
            case "pm_card_authenticationRequired":
                return ("", 200, SetupIntentJson(seti, customer, "requires_action", $"\"{pm}\"", "null"));
            case "pm_fake_soft_decline":
                return ("", 200, SetupIntentJson(seti, customer, "requires_payment_method", "null",
                    "{\"code\":\"card_declined\",\"decline_code\":\"insufficient_funds\",\"message\":\"Your card has insufficient funds.\",\"type\":\"card_error\"}"));
        }

        if (Card(pm) is not { } card)
        {
            return ("", 400, ErrorJson("invalid_request_error", "resource_missing", null, $"No such PaymentMethod: '{pm}'"));
        }

        var expanded = !IgnoreExpand && req.Fields("expand[]").Contains("payment_method");
        return ("", 200, SetupIntentJson(seti, customer, "succeeded", expanded ? PaymentMethodJson(pm, card) : $"\"{pm}\"", "null"));
    }

    private static (string Brand, string Last4, int Month, int Year)? Card(string pm) => pm switch
    {
        "pm_card_visa" => ("visa", "4242", 12, 2034),
        "pm_card_mastercard" => ("mastercard", "4444", 3, 2031),
        _ => null,
    };

    private static string PaymentMethodJson(string id, (string Brand, string Last4, int Month, int Year) card) =>
        $"{{\"id\":\"{id}\",\"object\":\"payment_method\",\"type\":\"card\",\"card\":{{\"brand\":\"{card.Brand}\",\"last4\":\"{card.Last4}\","
        + $"\"exp_month\":{card.Month},\"exp_year\":{card.Year},\"funding\":\"credit\",\"country\":\"US\"}}}}";

    private static string SetupIntentJson(string id, string customer, string status, string paymentMethod, string lastError) =>
        $"{{\"id\":\"{id}\",\"object\":\"setup_intent\",\"customer\":\"{customer}\",\"status\":\"{status}\",\"usage\":\"off_session\","
        + $"\"payment_method\":{paymentMethod},\"last_setup_error\":{lastError}}}";

    private static string ErrorJson(string type, string? code, string? declineCode, string message, string extra = "") =>
        JsonSerializer.Serialize(new { error = new { type, code, decline_code = declineCode, message } })[..^2] + extra + "}}";

    private static Task Error(HttpContext ctx, int status, string type, string? code, string? declineCode, string message) =>
        LoopbackServer.JsonAsync(ctx, status, ErrorJson(type, code, declineCode, message));

    [GeneratedRegex(@"^metadata\['ecosystem_customer_ref'\]:'(?<ref>(?:[^'\\]|\\.)*)'$")]
    private static partial Regex SearchQuery();
}
