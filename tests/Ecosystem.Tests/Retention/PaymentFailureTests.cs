using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ecosystem.Retention.Data;
using Ecosystem.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Ecosystem.Tests.Retention.RetentionTestKit;

namespace Ecosystem.Tests.Retention;

/// <summary>
/// Recording a failed charge for an existing customer: by an admin (API with Idempotency-Key, and the customer page)
/// and from Stripe's <c>invoice.payment_failed</c> / <c>payment_intent.payment_failed</c> webhooks.
/// </summary>
public abstract class PaymentFailureTests(Db db) : AppTest(db)
{
    private const string Secret = "whsec_test_failures";
    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    protected override Task<EcosystemApp> StartAsync() =>
        EcosystemApp.StartAsync(Db, settings: new() { ["Webhooks:Stripe:SigningSecrets:0"] = Secret });

    private static Task<HttpResponseMessage> RecordAsync(HttpClient admin, string customerId, string body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/retention/customers/{customerId}/payment-failures") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return admin.SendAsync(request);
    }

    private async Task<JsonElement> CustomerAsync(HttpClient admin, string id) => await (await admin.GetAsync($"/api/retention/customers/{id}")).Json();

    private async Task<(int Failures, int Events, int Audits)> CountsAsync(string customerId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var dbc = scope.ServiceProvider.GetRequiredService<RetentionDbContext>();
        return (await dbc.PaymentFailures.CountAsync(f => f.CustomerId == customerId),
            await dbc.Outbox.CountAsync(o => o.EventName == "com.ecosystem.retention.payment.failed"),
            await dbc.AuditLog.CountAsync(a => a.Action == "retention.payment.failed" && a.TargetId == customerId));
    }

    [Fact]
    public async Task An_admin_records_a_failed_charge_and_the_customer_is_re_graded_with_one_audit_row_and_one_event()
    {
        var admin = await App.AdminAsync();
        // 200.00 a month (2 value points), card fine: not at risk.
        var id = await CreateCustomerAsync(admin, Now, "fail1@example.com", value: 20_000);
        Assert.Equal("active", (await CustomerAsync(admin, id)).GetProperty("customer").GetProperty("accountStatus").GetString());

        var first = await RecordAsync(admin, id, """{"amount":20000,"currency":"USD","reason":"insufficient funds"}""", "f-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var body = await first.Json();
        Assert.Equal((1, "at-risk", "failed-payment", "medium"), (body.GetProperty("failureCount").GetInt32(), body.GetProperty("accountStatus").GetString(),
            body.GetProperty("riskCategory").GetString(), body.GetProperty("riskSeverity").GetString()));

        var second = await (await RecordAsync(admin, id, """{"amount":20000,"currency":"USD","reason":"do not honor"}""", "f-2")).Json();
        Assert.Equal((2, "high"), (second.GetProperty("failureCount").GetInt32(), second.GetProperty("riskSeverity").GetString()));

        var detail = await CustomerAsync(admin, id);
        var card = detail.GetProperty("paymentMethods")[0];
        Assert.Equal((2, "failed"), (card.GetProperty("failureCount").GetInt32(), card.GetProperty("status").GetString()));
        Assert.True(card.GetProperty("lastFailureDate").GetDateTimeOffset() > Now.AddMinutes(-1));
        var failures = detail.GetProperty("paymentFailures").EnumerateArray().ToList();
        Assert.Equal(["do not honor", "insufficient funds"], failures.Select(f => f.GetProperty("reason").GetString()));
        Assert.All(failures, f => Assert.Equal((20_000, "USD", "admin"), (f.GetProperty("amount").GetInt64(), f.GetProperty("currency").GetString(), f.GetProperty("source").GetString())));
        Assert.Equal((2, 2, 2), await CountsAsync(id));
    }

    [Theory]
    [InlineData("""{"amount":0,"currency":"USD","reason":"x"}""", 422, "VALIDATION_FAILED")]
    [InlineData("""{"amount":-5,"currency":"USD","reason":"x"}""", 422, "VALIDATION_FAILED")]
    [InlineData("""{"amount":100,"currency":"XXX","reason":"x"}""", 422, "VALIDATION_FAILED")]
    [InlineData("""{"amount":100,"currency":"USD"}""", 422, "VALIDATION_FAILED")]
    [InlineData("""{"amount":100,"currency":"USD","reason":"x","failureCount":50}""", 400, null)]
    public async Task Bad_input_is_refused_and_changes_nothing(string body, int status, string? code)
    {
        var admin = await App.AdminAsync();
        var id = await CreateCustomerAsync(admin, Now, "fail2@example.com");
        var response = await RecordAsync(admin, id, body, "bad-1");
        Assert.Equal(status, (int)response.StatusCode);
        if (code is not null) Assert.Equal(code, await response.Code());
        Assert.Equal((0, 0, 0), await CountsAsync(id));
        Assert.Equal(HttpStatusCode.NotFound, (await RecordAsync(admin, "cus_missing", """{"amount":100,"currency":"USD","reason":"x"}""", "bad-2")).StatusCode);
    }

    [Fact]
    public async Task Parallel_failures_with_distinct_keys_all_count_and_with_one_key_count_once()
    {
        const int n = 12;
        var admin = await App.AdminAsync();
        var id = await CreateCustomerAsync(admin, Now, "fail3@example.com");
        var responses = await Concurrency.RunParallelAsync(n, i => RecordAsync(admin, id, $$"""{"amount":{{100 + i}},"currency":"USD","reason":"decline {{i}}"}""", $"par-{i}"));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var counts = (await Task.WhenAll(responses.Select(async r => (await r.Json()).GetProperty("failureCount").GetInt32()))).Order().ToList();
        Assert.Equal(Enumerable.Range(1, n), counts); // each saw the one before it: no lost update
        Assert.Equal((n, n, n), await CountsAsync(id));
        Assert.Equal(n, (await CustomerAsync(admin, id)).GetProperty("paymentMethods")[0].GetProperty("failureCount").GetInt32());

        await IdempotencyHarness.AssertOneEffectAsync(
            new IdempotentCall(admin, HttpMethod.Post, $"/api/retention/customers/{id}/payment-failures", """{"amount":500,"currency":"USD","reason":"same"}""",
                """{"amount":501,"currency":"USD","reason":"same"}""", "one-key"),
            n, async () => (await CountsAsync(id)).Failures);
        Assert.Equal(n + 1, (await CustomerAsync(admin, id)).GetProperty("paymentMethods")[0].GetProperty("failureCount").GetInt32());
    }

    private Task<HttpResponseMessage> WebhookAsync(string payload) => StripeWebhookAsync(App.CreateClient(), payload, Secret);

    private async Task LinkStripeCustomerAsync(string customerId, string stripeCustomerId)
    {
        // As after a card saved through the Stripe gateway (ChatService links the customer then).
        await using var scope = App.Services.CreateAsyncScope();
        var dbc = scope.ServiceProvider.GetRequiredService<RetentionDbContext>();
        Assert.Equal(1, await dbc.Customers.Where(c => c.CustomerId == customerId).ExecuteUpdateAsync(u => u.SetProperty(c => c.GatewayCustomerId, stripeCustomerId)));
    }

    [Fact]
    public async Task Stripe_failed_charge_webhooks_record_a_failure_once_per_event_for_a_known_customer()
    {
        var admin = await App.AdminAsync();
        var id = await CreateCustomerAsync(admin, Now, "fail4@example.com", value: 4_900);
        await LinkStripeCustomerAsync(id, "cus_known1");

        const string invoice = """{"id":"evt_inv_1","object":"event","type":"invoice.payment_failed","created":1763800000,"livemode":false,"data":{"object":{"id":"in_1","object":"invoice","customer":"cus_known1","amount_due":4900,"currency":"usd"}}}""";
        var first = await (await WebhookAsync(invoice)).Json();
        Assert.Equal((false, "processed"), (first.GetProperty("duplicate").GetBoolean(), first.GetProperty("status").GetString()));
        Assert.StartsWith("payment failure recorded", first.GetProperty("outcome").GetString());
        // Stripe redelivers (also several at once): acknowledged, applied once.
        var again = await Concurrency.RunParallelAsync(6, _ => WebhookAsync(invoice));
        Assert.All(again, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(await Task.WhenAll(again.Select(r => r.Json())), b => Assert.True(b.GetProperty("duplicate").GetBoolean()));

        var detail = await CustomerAsync(admin, id);
        Assert.Equal(("at-risk", "failed-payment"), (detail.GetProperty("customer").GetProperty("accountStatus").GetString(), detail.GetProperty("customer").GetProperty("riskCategory").GetString()));
        var failure = Assert.Single(detail.GetProperty("paymentFailures").EnumerateArray());
        Assert.Equal((4_900, "USD", "stripe", "stripe: invoice payment failed"),
            (failure.GetProperty("amount").GetInt64(), failure.GetProperty("currency").GetString(), failure.GetProperty("source").GetString(), failure.GetProperty("reason").GetString()));

        // A PaymentIntent carrying our customer reference in its metadata, with Stripe's decline code as the reason.
        var intent = """{"id":"evt_pi_1","object":"event","type":"payment_intent.payment_failed","created":1763800000,"livemode":false,"data":{"object":{"id":"pi_1","object":"payment_intent","customer":"cus_other","amount":4900,"currency":"usd","metadata":{"ecosystem_customer_ref":"CUSTOMER_ID"},"last_payment_error":{"code":"card_declined","decline_code":"insufficient_funds"}}}}""".Replace("CUSTOMER_ID", id, StringComparison.Ordinal);
        Assert.StartsWith("payment failure recorded", (await (await WebhookAsync(intent)).Json()).GetProperty("outcome").GetString());
        detail = await CustomerAsync(admin, id);
        Assert.Equal(2, detail.GetProperty("paymentMethods")[0].GetProperty("failureCount").GetInt32());
        Assert.Equal("stripe: insufficient_funds", detail.GetProperty("paymentFailures")[0].GetProperty("reason").GetString());
        Assert.Equal((2, 2, 2), await CountsAsync(id));

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var audit = await scope.ServiceProvider.GetRequiredService<RetentionDbContext>().AuditLog.Where(a => a.Action == "retention.payment.failed").ToListAsync();
            Assert.All(audit, a => Assert.Equal("webhook:stripe", a.ActorId));
        }

        // A Stripe customer we do not know: acknowledged (Stripe stops retrying), nothing changes.
        const string unknown = """{"id":"evt_inv_2","object":"event","type":"invoice.payment_failed","created":1763800000,"livemode":false,"data":{"object":{"id":"in_2","object":"invoice","customer":"cus_nobody","amount_due":1000,"currency":"usd"}}}""";
        var ignored = await WebhookAsync(unknown);
        Assert.Equal(HttpStatusCode.OK, ignored.StatusCode);
        Assert.StartsWith("unknown customer: left alone", (await ignored.Json()).GetProperty("outcome").GetString()); // and the shop's: not one of its subscriptions
        Assert.Equal((2, 2, 2), await CountsAsync(id));
    }

    [Fact]
    public async Task The_customer_page_records_a_failed_charge_typed_in_major_units()
    {
        var admin = await App.AdminAsync();
        var id = await CreateCustomerAsync(admin, Now, "fail5@example.com", name: "Paula Page");
        var browser = new Browser(App);
        await browser.LoginAsync("admin", "admin");
        var url = $"/admin/retention/customers/{id}";
        Assert.Contains("Record failed charge", await (await browser.GetAsync(url)).Content.ReadAsStringAsync());
        var posted = await browser.PostFormAsync(url + "?handler=Failure", new() { ["amount"] = "49.00", ["reason"] = "card declined at renewal" }, tokenFrom: url);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await (await browser.GetAsync(url)).Content.ReadAsStringAsync());
        Assert.Contains("Failed charge of 49.00 USD recorded", html);
        Assert.Contains("card declined at renewal", html);
        var detail = await CustomerAsync(admin, id);
        Assert.Equal(("at-risk", 4_900L), (detail.GetProperty("customer").GetProperty("accountStatus").GetString(), detail.GetProperty("paymentFailures")[0].GetProperty("amount").GetInt64()));
    }
}

public sealed class PaymentFailureTests_Sqlite() : PaymentFailureTests(Db.Sqlite);

public sealed class PaymentFailureTests_Postgres() : PaymentFailureTests(Db.Postgres);
