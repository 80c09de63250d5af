using System.Net;
using System.Text;
using Ecosystem.Retention.Adapters;
using Ecosystem.Tests.Infrastructure;

namespace Ecosystem.Tests.Retention;

public abstract class StripeWebhookEndpointTests(Db db) : AppTest(db)
{
    private const string Secret = "whsec_test_endpoint_secret";

    protected override Task<EcosystemApp> StartAsync() =>
        EcosystemApp.StartAsync(Db, settings: new() { ["Retention:Stripe:WebhookSecrets:0"] = Secret });

    private async Task<HttpResponseMessage> PostAsync(string payload, string? header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/retention/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        if (header is not null) request.Headers.TryAddWithoutValidation("Stripe-Signature", header);
        return await App.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task A_signed_event_is_accepted_once_and_a_redelivery_is_acknowledged_as_duplicate()
    {
        const string payload = """{"id":"evt_test_1","object":"event","type":"setup_intent.succeeded","created":1763800000,"livemode":false,"data":{"object":{"id":"seti_1","object":"setup_intent"}}}""";
        var header = StripeWebhookVerifier.CreateHeader(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), payload, Secret);
        var first = await (await PostAsync(payload, header)).Json();
        Assert.False(first.GetProperty("duplicate").GetBoolean());
        var again = await (await PostAsync(payload, header)).Json();
        Assert.True(again.GetProperty("duplicate").GetBoolean());

        var forged = await PostAsync(payload, StripeWebhookVerifier.CreateHeader(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), payload, "whsec_wrong"));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("STRIPE_SIGNATURE_INVALID", await forged.Code());
        var old = await PostAsync(payload, StripeWebhookVerifier.CreateHeader(DateTimeOffset.UtcNow.AddSeconds(-301).ToUnixTimeSeconds(), payload, Secret));
        Assert.Equal("STRIPE_SIGNATURE_EXPIRED", await old.Code());
        Assert.Equal("STRIPE_SIGNATURE_MISSING", await (await PostAsync(payload, null)).Code());
    }
}

public sealed class StripeWebhookEndpointTests_Sqlite() : StripeWebhookEndpointTests(Db.Sqlite);

public sealed class StripeWebhookEndpointTests_Postgres() : StripeWebhookEndpointTests(Db.Postgres);
