using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecosystem.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Ecosystem.Tests.Platform.Payments;

/// <summary>
/// Answers like Stripe's API for the calls the gateway makes, reading what Stripe.net actually sends (form bodies with
/// <c>expand[0]=…</c>, <c>metadata[key]=…</c>, <c>items[0][price]=…</c>, booleans as <c>True</c>): customers (search,
/// create), setup_intents, payment_methods/{id}, payment_intents (create+confirm, retrieve), refunds, and subscriptions
/// (create, update <c>cancel_at_period_end</c>, cancel, retrieve). Stripe's test payment methods decide outcomes:
/// <c>pm_card_visa</c> and <c>pm_card_mastercard</c> succeed, <c>pm_card_chargeDeclined…</c> decline (402 card_error
/// with the PaymentIntent in the error), <c>pm_card_authenticationRequired</c> needs 3-D Secure (requires_action, or a
/// 402 authentication_required off-session). Idempotency as Stripe's: same key + same parameters replays the first
/// answer; same key + other parameters is a 400 idempotency_error. Refuses requests without the right Bearer key (401),
/// POSTs without an Idempotency-Key and non-form bodies (400), so the tests prove the gateway sends them.
/// </summary>
public sealed partial class FakeStripe : IAsyncDisposable
{
    public const string SecretKey = "sk_test_51FakeSecretKeyNeverLogged";

    /// <summary>Prices the fake knows: amount in minor units, currency, interval.</summary>
    public static readonly IReadOnlyDictionary<string, (long Amount, string Currency, string Interval)> Prices = new Dictionary<string, (long, string, string)>
    {
        ["price_monthly"] = (900, "usd", "month"),
        ["price_yearly"] = (9000, "usd", "year"),
    };

    private readonly ConcurrentDictionary<string, (string Fingerprint, int Status, string Json)> idempotency = new();
    private readonly Lock gate = new();
    private int customerCount;
    private int setupIntentCount;
    private int paymentIntentCount;
    private int refundCount;
    private int subscriptionCount;
    private int failNext;

    private FakeStripe(LoopbackServer server) => Server = server;

    public LoopbackServer Server { get; }
    public Uri BaseAddress => Server.BaseAddress;
    public IEnumerable<RecordedRequest> Requests => Server.Requests;
    /// <summary>Our customer ref → Stripe customer id (what customers/search finds).</summary>
    public ConcurrentDictionary<string, string> Customers { get; } = new();
    public ConcurrentDictionary<string, FakeIntent> PaymentIntents { get; } = new();
    public ConcurrentDictionary<string, FakeSubscription> Subscriptions { get; } = new();
    public int SetupIntentsCreated => setupIntentCount;
    public int PaymentIntentsCreated => paymentIntentCount;
    public int RefundsCreated => refundCount;
    /// <summary>Answer with the PaymentMethod id only (as without expand), so the gateway must retrieve it.</summary>
    public bool IgnoreExpand { get; set; }
    public TimeSpan Delay { get; set; }

    /// <summary>The next <paramref name="count"/> requests get a 503 from "in front of" the API (nothing stored under their key).</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref failNext, count);

    public sealed class FakeIntent
    {
        public required string Id { get; init; }
        public required string Customer { get; init; }
        public required string PaymentMethod { get; init; }
        public required long Amount { get; init; }
        public required string Currency { get; init; }
        public required string Status { get; set; }
        public string? ChargeId { get; set; }
        public long Refunded { get; set; }
        public JsonObject? LastError { get; set; }
        public Dictionary<string, string> Metadata { get; init; } = [];
        public bool OffSession { get; init; }
        public string? Description { get; init; }
    }

    public sealed class FakeSubscription
    {
        public required string Id { get; init; }
        public required string Customer { get; init; }
        public required string PaymentMethod { get; init; }
        public required string Price { get; init; }
        public required string Status { get; set; }
        public bool CancelAtPeriodEnd { get; set; }
        public DateTimeOffset Start { get; init; }
        public DateTimeOffset PeriodEnd { get; set; }
        public DateTimeOffset? TrialEnd { get; init; }
        public Dictionary<string, string> Metadata { get; init; } = [];
    }

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

        if (Volatile.Read(ref failNext) > 0 && Interlocked.Decrement(ref failNext) >= 0)
        {
            await LoopbackServer.JsonAsync(ctx, 503, ErrorJson("api_error", null, null, "The fake is briefly unavailable."));
            return;
        }

        if (req.Header("Authorization") != "Bearer " + SecretKey)
        {
            var shown = req.Header("Authorization") is { Length: > 20 } a ? a[7..15] + "****" : "****";
            await Error(ctx, 401, "invalid_request_error", null, null, $"Invalid API Key provided: {shown}");
            return;
        }

        if (req.Method is "POST" or "DELETE")
        {
            if (req.Header("Idempotency-Key") is not { Length: > 0 } key)
            {
                await Error(ctx, 400, "invalid_request_error", "idempotency_key_missing", null, "The fake requires an Idempotency-Key on every POST.");
                return;
            }

            if (req.Method == "POST" && !(req.Header("Content-Type") ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
            {
                await Error(ctx, 400, "invalid_request_error", null, null, "Stripe takes form-encoded bodies.");
                return;
            }

            var fingerprint = req.Method + " " + req.Path + "?" + string.Join("&", req.Form.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + string.Join(",", f.Value)));
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
                    var (status, json) = req.Method == "POST" ? Post(req) : Delete(req);
                    answer = (fingerprint, status, json);
                    idempotency[key] = answer;
                }
            }

            await LoopbackServer.JsonAsync(ctx, answer.Status, answer.Json);
            return;
        }

        var (getStatus, getJson) = Get(req);
        await LoopbackServer.JsonAsync(ctx, getStatus, getJson);
    }

    private (int Status, string Json) Get(RecordedRequest req)
    {
        if (req.Path == "/v1/customers/search")
        {
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(req.Query).TryGetValue("query", out var q) ? q.ToString() : "";
            var match = SearchQuery().Match(query);
            var data = new JsonArray();
            if (match.Success && Customers.TryGetValue(match.Groups["ref"].Value, out var id)) data.Add(new JsonObject { ["id"] = id, ["object"] = "customer" });
            return (match.Success ? 200 : 400, new JsonObject { ["object"] = "search_result", ["url"] = "/v1/customers/search", ["has_more"] = false, ["data"] = data }.ToJsonString());
        }

        if (Tail(req.Path, "/v1/payment_methods/") is { } pm)
        {
            return Card(pm) is { } card ? (200, PaymentMethodJson(pm, card).ToJsonString()) : Missing("PaymentMethod", pm, null);
        }

        if (Tail(req.Path, "/v1/payment_intents/") is { } pi)
        {
            lock (gate) return PaymentIntents.TryGetValue(pi, out var intent) ? (200, IntentJson(intent).ToJsonString()) : Missing("payment_intent", pi, null);
        }

        if (Tail(req.Path, "/v1/subscriptions/") is { } sub)
        {
            lock (gate) return Subscriptions.TryGetValue(sub, out var s) ? (200, SubscriptionJson(s).ToJsonString()) : Missing("subscription", sub, null);
        }

        return (404, ErrorJson("invalid_request_error", null, null, "Unrecognized request URL."));
    }

    private (int Status, string Json) Post(RecordedRequest req)
    {
        if (req.Path == "/v1/customers")
        {
            var id = "cus_fake" + Interlocked.Increment(ref customerCount);
            if (req.Field("metadata[ecosystem_customer_ref]") is { } customerRef) Customers[customerRef] = id;
            return (200, JsonSerializer.Serialize(new { id, @object = "customer", email = req.Field("email"), name = req.Field("name") }));
        }

        if (req.Path == "/v1/setup_intents") return SetupIntent(req);
        if (req.Path == "/v1/payment_intents") return CreatePaymentIntent(req);
        if (req.Path == "/v1/refunds") return CreateRefund(req);
        if (req.Path == "/v1/subscriptions") return CreateSubscription(req);
        if (Tail(req.Path, "/v1/subscriptions/") is { } sub)
        {
            if (!Subscriptions.TryGetValue(sub, out var s)) return Missing("subscription", sub, null);
            if (s.Status == "canceled") return (400, ErrorJson("invalid_request_error", null, null, "A canceled subscription can only update its cancellation_details and metadata."));
            if (req.Field("cancel_at_period_end") is { } cancel) s.CancelAtPeriodEnd = IsTrue(cancel);
            return (200, SubscriptionJson(s).ToJsonString());
        }

        return (404, ErrorJson("invalid_request_error", null, null, "Unrecognized request URL."));
    }

    private (int Status, string Json) Delete(RecordedRequest req)
    {
        if (Tail(req.Path, "/v1/subscriptions/") is not { } sub) return (404, ErrorJson("invalid_request_error", null, null, "Unrecognized request URL."));
        if (!Subscriptions.TryGetValue(sub, out var s)) return Missing("subscription", sub, null);
        if (s.Status == "canceled") return (400, ErrorJson("invalid_request_error", null, null, "This subscription has already been canceled."));
        s.Status = "canceled";
        return (200, SubscriptionJson(s).ToJsonString());
    }

    private (int Status, string Json) SetupIntent(RecordedRequest req)
    {
        var customer = req.Field("customer");
        var pm = req.Field("payment_method") ?? "";
        if (customer is null || !Customers.Values.Contains(customer)) return Missing("customer", customer, "customer");
        if (!IsTrue(req.Field("confirm")) || req.Field("usage") != "off_session")
        {
            return (400, ErrorJson("invalid_request_error", "parameter_missing", null, "The fake expects confirm=true and usage=off_session."));
        }

        var seti = "seti_fake" + Interlocked.Increment(ref setupIntentCount);
        string Failed(string code, string? decline, string message) =>
            ErrorJson("card_error", code, decline, message, extra: new JsonObject { ["setup_intent"] = new JsonObject { ["id"] = seti, ["object"] = "setup_intent", ["status"] = "requires_payment_method" } });

        switch (pm)
        {
            case "pm_card_chargeDeclined":
                return (402, Failed("card_declined", "generic_decline", "Your card was declined."));
            case "pm_card_chargeDeclinedInsufficientFunds":
                return (402, Failed("card_declined", "insufficient_funds", "Your card has insufficient funds."));
            case "pm_card_chargeDeclinedExpiredCard":
                return (402, Failed("expired_card", "expired_card", "Your card has expired."));
            case "pm_card_chargeDeclinedProcessingError":
                return (402, Failed("processing_error", null, "An error occurred while processing your card. Try again in a little bit."));
            case "pm_fake_server_error":
                return (500, ErrorJson("api_error", null, null, "An unknown error occurred"));
            case "pm_fake_not_json":
                return (200, "<html>not Stripe</html>");
            case "pm_card_authenticationRequired":
                return (200, SetupIntentJson(seti, customer, "requires_action", pm, null).ToJsonString());
            case "pm_fake_soft_decline":
                return (200, SetupIntentJson(seti, customer, "requires_payment_method", null,
                    new JsonObject { ["code"] = "card_declined", ["decline_code"] = "insufficient_funds", ["message"] = "Your card has insufficient funds.", ["type"] = "card_error" }).ToJsonString());
        }

        if (Card(pm) is not { } card) return Missing("PaymentMethod", pm, "payment_method");
        var expanded = !IgnoreExpand && req.Fields("expand[0]").Contains("payment_method");
        return (200, SetupIntentJson(seti, customer, "succeeded", expanded ? PaymentMethodJson(pm, card) : pm, null).ToJsonString());
    }

    private (int Status, string Json) CreatePaymentIntent(RecordedRequest req)
    {
        var customer = req.Field("customer");
        var pm = req.Field("payment_method") ?? "";
        if (customer is null || !Customers.Values.Contains(customer)) return Missing("customer", customer, "customer");
        if (!IsTrue(req.Field("confirm"))) return (400, ErrorJson("invalid_request_error", "parameter_missing", null, "The fake expects confirm=true."));
        if (!long.TryParse(req.Field("amount"), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount < 1 || req.Field("currency") is not { Length: 3 } currency)
        {
            return (400, ErrorJson("invalid_request_error", "parameter_invalid_integer", null, "Invalid amount or currency.", param: "amount"));
        }

        if (pm == "pm_fake_server_error") return (500, ErrorJson("api_error", null, null, "An unknown error occurred"));
        if (pm != "pm_card_authenticationRequired" && !pm.StartsWith("pm_card_chargeDeclined", StringComparison.Ordinal) && Card(pm) is null) return Missing("PaymentMethod", pm, "payment_method");

        var offSession = IsTrue(req.Field("off_session"));
        var intent = new FakeIntent
        {
            Id = "pi_fake" + Interlocked.Increment(ref paymentIntentCount), Customer = customer, PaymentMethod = pm, Amount = amount, Currency = currency,
            Status = "requires_payment_method", Metadata = MetadataOf(req), OffSession = offSession, Description = req.Field("description"),
        };
        PaymentIntents[intent.Id] = intent;

        (int, string) Declined(string code, string? decline, string message)
        {
            intent.LastError = new JsonObject { ["type"] = "card_error", ["code"] = code, ["decline_code"] = decline, ["message"] = message };
            return (402, ErrorJson("card_error", code, decline, message, extra: new JsonObject { ["payment_intent"] = IntentJson(intent) }));
        }

        switch (pm)
        {
            case "pm_card_chargeDeclined":
                return Declined("card_declined", "generic_decline", "Your card was declined.");
            case "pm_card_chargeDeclinedInsufficientFunds":
                return Declined("card_declined", "insufficient_funds", "Your card has insufficient funds.");
            case "pm_card_chargeDeclinedExpiredCard":
                return Declined("expired_card", "expired_card", "Your card has expired.");
            case "pm_card_authenticationRequired" when offSession:
                return Declined("authentication_required", "authentication_required", "Your card was declined. This transaction requires authentication.");
            case "pm_card_authenticationRequired":
                intent.Status = "requires_action";
                return (200, IntentJson(intent).ToJsonString());
        }

        intent.Status = "succeeded";
        intent.ChargeId = "ch_fake" + intent.Id["pi_fake".Length..];
        return (200, IntentJson(intent).ToJsonString());
    }

    private (int Status, string Json) CreateRefund(RecordedRequest req)
    {
        var pi = req.Field("payment_intent");
        if (pi is null || !PaymentIntents.TryGetValue(pi, out var intent)) return Missing("payment_intent", pi, "payment_intent");
        if (intent.Status != "succeeded") return (400, ErrorJson("invalid_request_error", "payment_intent_unexpected_state", null, $"PaymentIntent {pi} has no successful charge to refund."));
        var left = intent.Amount - intent.Refunded;
        if (left <= 0) return (400, ErrorJson("invalid_request_error", "charge_already_refunded", null, $"Charge {intent.ChargeId} has already been refunded."));
        var amount = left;
        if (req.Field("amount") is { } asked)
        {
            if (!long.TryParse(asked, NumberStyles.None, CultureInfo.InvariantCulture, out amount) || amount < 1)
            {
                return (400, ErrorJson("invalid_request_error", "parameter_invalid_integer", null, "Invalid integer.", param: "amount"));
            }

            if (amount > left)
            {
                return (400, ErrorJson("invalid_request_error", null, null, $"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})", param: "amount"));
            }
        }

        intent.Refunded += amount;
        var id = "re_fake" + Interlocked.Increment(ref refundCount);
        JsonNode charge = req.Fields("expand[0]").Contains("charge") ? ChargeJson(intent) : intent.ChargeId!;
        return (200, new JsonObject
        {
            ["id"] = id, ["object"] = "refund", ["amount"] = amount, ["currency"] = intent.Currency, ["charge"] = charge, ["payment_intent"] = intent.Id,
            ["status"] = "succeeded", ["reason"] = req.Field("reason"), ["metadata"] = Metadata(MetadataOf(req)),
        }.ToJsonString());
    }

    private (int Status, string Json) CreateSubscription(RecordedRequest req)
    {
        var customer = req.Field("customer");
        var pm = req.Field("default_payment_method") ?? "";
        var price = req.Field("items[0][price]");
        if (customer is null || !Customers.Values.Contains(customer)) return Missing("customer", customer, "customer");
        if (price is null || !Prices.TryGetValue(price, out var p)) return Missing("price", price, "items[0][price]");
        if (Card(pm) is null && !pm.StartsWith("pm_card_chargeDeclined", StringComparison.Ordinal)) return Missing("PaymentMethod", pm, "default_payment_method");

        var now = DateTimeOffset.UtcNow;
        var trialDays = req.Field("trial_period_days") is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : 0;
        var subscription = new FakeSubscription
        {
            Id = "sub_fake" + Interlocked.Increment(ref subscriptionCount), Customer = customer, PaymentMethod = pm, Price = price,
            Status = trialDays > 0 ? "trialing" : Card(pm) is null ? "incomplete" : "active", Start = now,
            TrialEnd = trialDays > 0 ? now.AddDays(trialDays) : null, Metadata = MetadataOf(req),
        };
        subscription.PeriodEnd = subscription.TrialEnd ?? (p.Interval == "year" ? now.AddYears(1) : now.AddMonths(1));
        Subscriptions[subscription.Id] = subscription;
        return (200, SubscriptionJson(subscription).ToJsonString());
    }

    private static string? Tail(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length && !path[prefix.Length..].Contains('/') ? Uri.UnescapeDataString(path[prefix.Length..]) : null;

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, string> MetadataOf(RecordedRequest req) =>
        req.Form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal) && f.Key.EndsWith(']'))
            .ToDictionary(f => f.Key["metadata[".Length..^1], f => f.Value[0]);

    private static JsonObject Metadata(Dictionary<string, string> metadata)
    {
        var o = new JsonObject();
        foreach (var (k, v) in metadata) o[k] = v;
        return o;
    }

    private static (string Brand, string Last4, int Month, int Year)? Card(string pm) => pm switch
    {
        "pm_card_visa" => ("visa", "4242", 12, 2034),
        "pm_card_mastercard" => ("mastercard", "4444", 3, 2031),
        _ => null,
    };

    private static JsonObject PaymentMethodJson(string id, (string Brand, string Last4, int Month, int Year) card) => new()
    {
        ["id"] = id, ["object"] = "payment_method", ["type"] = "card",
        ["card"] = new JsonObject { ["brand"] = card.Brand, ["last4"] = card.Last4, ["exp_month"] = card.Month, ["exp_year"] = card.Year, ["funding"] = "credit", ["country"] = "US" },
    };

    private static JsonObject SetupIntentJson(string id, string customer, string status, JsonNode? paymentMethod, JsonObject? lastError) => new()
    {
        ["id"] = id, ["object"] = "setup_intent", ["customer"] = customer, ["status"] = status, ["usage"] = "off_session",
        ["payment_method"] = paymentMethod, ["last_setup_error"] = lastError,
    };

    private static JsonObject IntentJson(FakeIntent i) => new()
    {
        ["id"] = i.Id, ["object"] = "payment_intent", ["amount"] = i.Amount, ["currency"] = i.Currency, ["customer"] = i.Customer, ["payment_method"] = i.PaymentMethod,
        ["status"] = i.Status, ["latest_charge"] = i.ChargeId, ["description"] = i.Description, ["metadata"] = Metadata(i.Metadata),
        ["last_payment_error"] = i.LastError?.DeepClone(),
        ["next_action"] = i.Status == "requires_action" ? new JsonObject { ["type"] = "use_stripe_sdk" } : null,
    };

    private static JsonObject ChargeJson(FakeIntent i) => new()
    {
        ["id"] = i.ChargeId, ["object"] = "charge", ["amount"] = i.Amount, ["amount_refunded"] = i.Refunded, ["currency"] = i.Currency,
        ["refunded"] = i.Refunded >= i.Amount, ["payment_intent"] = i.Id, ["status"] = "succeeded", ["paid"] = true,
    };

    private static JsonObject SubscriptionJson(FakeSubscription s) => new()
    {
        ["id"] = s.Id, ["object"] = "subscription", ["customer"] = s.Customer, ["status"] = s.Status, ["cancel_at_period_end"] = s.CancelAtPeriodEnd,
        ["default_payment_method"] = s.PaymentMethod, ["start_date"] = s.Start.ToUnixTimeSeconds(),
        ["trial_start"] = s.TrialEnd is null ? null : s.Start.ToUnixTimeSeconds(), ["trial_end"] = s.TrialEnd?.ToUnixTimeSeconds(),
        ["metadata"] = Metadata(s.Metadata),
        ["items"] = new JsonObject
        {
            ["object"] = "list", ["has_more"] = false, ["url"] = "/v1/subscription_items?subscription=" + s.Id,
            ["data"] = new JsonArray(new JsonObject
            {
                ["id"] = "si_" + s.Id["sub_".Length..], ["object"] = "subscription_item", ["subscription"] = s.Id,
                ["price"] = new JsonObject { ["id"] = s.Price, ["object"] = "price", ["unit_amount"] = Prices[s.Price].Amount, ["currency"] = Prices[s.Price].Currency },
                ["current_period_start"] = s.Start.ToUnixTimeSeconds(), ["current_period_end"] = s.PeriodEnd.ToUnixTimeSeconds(),
            }),
        },
    };

    private static (int, string) Missing(string what, string? id, string? param) =>
        (param is null ? 404 : 400, ErrorJson("invalid_request_error", "resource_missing", null, $"No such {what}: '{id}'", param: param));

    private static string ErrorJson(string type, string? code, string? declineCode, string message, string? param = null, JsonObject? extra = null)
    {
        var error = new JsonObject { ["type"] = type, ["code"] = code, ["decline_code"] = declineCode, ["message"] = message, ["param"] = param };
        foreach (var (k, v) in extra ?? []) error[k] = v?.DeepClone();
        return new JsonObject { ["error"] = error }.ToJsonString();
    }

    private static Task Error(HttpContext ctx, int status, string type, string? code, string? declineCode, string message) =>
        LoopbackServer.JsonAsync(ctx, status, ErrorJson(type, code, declineCode, message));

    [GeneratedRegex(@"^metadata\['ecosystem_customer_ref'\]:'(?<ref>(?:[^'\\]|\\.)*)'$")]
    private static partial Regex SearchQuery();
}
