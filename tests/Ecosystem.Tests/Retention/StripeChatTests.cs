using System.Net;
using System.Net.Http.Json;
using System.Text;
using Ecosystem.Tests.Infrastructure;
using Ecosystem.Tests.Platform.Payments;
using static Ecosystem.Tests.Retention.RetentionTestKit;

namespace Ecosystem.Tests.Retention;

/// <summary>
/// The chat with the Stripe gateway configured (against the local fake Stripe server): the page carries Stripe.js and
/// the publishable key, its CSP allows Stripe there only, and the server takes only the browser-made <c>pm_…</c> id.
/// </summary>
public abstract class StripeChatTests(Db db) : AppTest(db)
{
    private const string WebhookSecret = "whsec_stripe_chat";
    private FakeStripe stripe = null!;
    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    protected override async Task<EcosystemApp> StartAsync()
    {
        stripe = await FakeStripe.StartAsync();
        return await EcosystemApp.StartAsync(Db, settings: new()
        {
            ["Payments:Provider"] = "stripe",
            ["Payments:Stripe:SecretKey"] = FakeStripe.SecretKey,
            ["Payments:Stripe:PublishableKey"] = "pk_test_fakePublishable",
            ["Payments:Stripe:BaseUrl"] = stripe.BaseAddress.ToString(),
            ["Webhooks:Stripe:SigningSecrets:0"] = WebhookSecret,
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await stripe.DisposeAsync();
    }

    private static Task<HttpResponseMessage> PostCardAsync(HttpClient client, string token, string json) =>
        client.PostAsync($"/api/chat/{token}/payment-method", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task The_browser_made_payment_method_is_saved_through_Stripe_and_links_the_Stripe_customer()
    {
        var admin = await App.AdminAsync();
        var customerId = await AtRiskCustomerAsync(admin, Now, "stripe-chat@example.com");
        var (sessionId, token) = await StartInterventionAsync(admin, customerId);
        var customer = App.CreateClient();
        Assert.True((await SayAsync(customer, token, "ok, let's update it")).GetProperty("cardFormOpen").GetBoolean());

        var declined = await PostCardAsync(customer, token, """{"paymentMethodId":"pm_card_chargeDeclined"}""");
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Equal("payment-requested", (await declined.Json()).GetProperty("status").GetString());

        var saved = await PostCardAsync(customer, token, """{"paymentMethodId":"pm_card_visa"}""");
        var view = await saved.Json();
        Assert.Equal(("completed", "payment-updated", "stripe"), (view.GetProperty("status").GetString(), view.GetProperty("outcome").GetString(), view.GetProperty("gateway").GetString()));
        var setup = stripe.Requests.Last(r => r.Path == "/v1/setup_intents");
        Assert.Equal(("pm_card_visa", $"{sessionId}:2:setup_intent"), (setup.Field("payment_method"), setup.Header("Idempotency-Key")));

        var detail = await (await admin.GetAsync($"/api/retention/customers/{customerId}")).Json();
        var card = detail.GetProperty("paymentMethods").EnumerateArray().Single(p => p.GetProperty("isDefault").GetBoolean());
        Assert.Equal(("4242", "stripe", "resolved"), (card.GetProperty("lastFourDigits").GetString(), card.GetProperty("gateway").GetString(), detail.GetProperty("customer").GetProperty("accountStatus").GetString()));

        // The Stripe customer is now linked: a later failed invoice of that Stripe customer finds ours.
        var stripeCustomer = stripe.Customers[customerId];
        var payload = """{"id":"evt_after_save","object":"event","type":"invoice.payment_failed","created":1763800000,"livemode":false,"data":{"object":{"id":"in_9","object":"invoice","customer":"STRIPE_CUSTOMER","amount_due":4900,"currency":"usd"}}}""".Replace("STRIPE_CUSTOMER", stripeCustomer, StringComparison.Ordinal);
        Assert.StartsWith("payment failure recorded", (await (await StripeWebhookAsync(App.CreateClient(), payload, WebhookSecret)).Json()).GetProperty("outcome").GetString());
        detail = await (await admin.GetAsync($"/api/retention/customers/{customerId}")).Json();
        Assert.Equal(("at-risk", "failed-payment"), (detail.GetProperty("customer").GetProperty("accountStatus").GetString(), detail.GetProperty("customer").GetProperty("riskCategory").GetString()));
    }

    [Fact]
    public async Task Raw_card_fields_are_refused_and_never_reach_Stripe()
    {
        var admin = await App.AdminAsync();
        var (sessionId, token) = await StartInterventionAsync(admin, await AtRiskCustomerAsync(admin, Now, "stripe-raw@example.com"));
        var customer = App.CreateClient();
        await SayAsync(customer, token, "yes please");
        foreach (var (body, field) in new[]
        {
            ("""{"cardNumber":"4242424242424242","expMonth":12,"expYear":2040,"cvc":"123"}""", "paymentMethodId"),
            ("""{"cardNumber":"4242424242424242","paymentMethodId":"pm_card_visa"}""", "cardNumber"),
            ("""{"paymentMethodId":"tok_visa"}""", "paymentMethodId"),
            ("""{"paymentMethodId":"pm_<script>"}""", "paymentMethodId"),
        })
        {
            var response = await PostCardAsync(customer, token, body);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.True((await response.Json()).GetProperty("errors").TryGetProperty(field, out _), body);
        }

        Assert.DoesNotContain(stripe.Requests, r => r.Path == "/v1/setup_intents");
        var session = await (await admin.GetAsync($"/api/retention/sessions/{sessionId}")).Json();
        Assert.Equal(("payment-requested", 0), (session.GetProperty("session").GetProperty("status").GetString(), session.GetProperty("session").GetProperty("paymentAttempts").GetInt32()));
    }

    [Fact]
    public async Task The_chat_page_loads_Stripe_js_and_only_its_CSP_allows_Stripe()
    {
        var admin = await App.AdminAsync();
        var (_, token) = await StartInterventionAsync(admin, await AtRiskCustomerAsync(admin, Now, "stripe-page@example.com"));
        var page = await App.CreateClient().GetAsync($"/chat/{token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"https://js.stripe.com/v3/\"></script>", html, StringComparison.Ordinal);
        Assert.Contains("data-stripe-key=\"pk_test_fakePublishable\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"cardNumber\"", html, StringComparison.Ordinal);

        var csp = Directives(page);
        Assert.Equal(["'self'", "https://js.stripe.com"], csp["script-src"]);
        Assert.Equal(["'self'", "https://js.stripe.com"], csp["frame-src"]);
        Assert.Equal(["'self'", "https://api.stripe.com"], csp["connect-src"]);
        Assert.Equal(["'none'"], csp["frame-ancestors"]);

        foreach (var other in new[] { "/login", "/api/chat/" + token, "/admin/retention" })
        {
            var response = await App.CreateClient().GetAsync(other);
            Assert.Equal(Ecosystem.Platform.Http.ContentSecurityPolicy.Default, string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
        }
    }

    private static Dictionary<string, List<string>> Directives(HttpResponseMessage response) =>
        string.Join(",", response.Headers.GetValues("Content-Security-Policy")).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ').Skip(1).ToList());
}

public sealed class StripeChatTests_Sqlite() : StripeChatTests(Db.Sqlite);

public sealed class StripeChatTests_Postgres() : StripeChatTests(Db.Postgres);
