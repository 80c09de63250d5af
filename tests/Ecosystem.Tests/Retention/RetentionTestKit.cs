using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecosystem.Tests.Infrastructure;

namespace Ecosystem.Tests.Retention;

/// <summary>Shared steps of the retention tests: customers with a chosen card, interventions, the chat.</summary>
internal static class RetentionTestKit
{
    public const string SuccessCard = "4242424242424242";

    /// <summary>Creates a customer whose default card is as given (expiry relative to <paramref name="now"/>).</summary>
    public static async Task<string> CreateCustomerAsync(HttpClient admin, DateTimeOffset now, string email, int failures = 0, int expiryMonthsFromNow = 12, long value = 4_900, string name = "Anna Example")
    {
        var expiry = now.AddMonths(expiryMonthsFromNow);
        var response = await admin.PostAsJsonAsync("/api/retention/customers", new
        {
            name, email, plan = "Pro", accountValue = value, currency = "USD", customerSince = now.AddYears(-1),
            paymentMethod = new { cardType = "visa", lastFourDigits = "1111", expiryMonth = expiry.Month, expiryYear = expiry.Year, failureCount = failures },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Json()).GetProperty("customer").GetProperty("customerId").GetString()!;
    }

    /// <summary>A customer with one failed charge, marked at risk by a scan.</summary>
    public static async Task<string> AtRiskCustomerAsync(HttpClient admin, DateTimeOffset now, string email, long value = 4_900, string name = "Anna Example")
    {
        var id = await CreateCustomerAsync(admin, now, email, failures: 1, value: value, name: name);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/retention/risk-scan", null)).StatusCode);
        var customer = await (await admin.GetAsync($"/api/retention/customers/{id}")).Json();
        Assert.Equal("at-risk", customer.GetProperty("customer").GetProperty("accountStatus").GetString());
        return id;
    }

    public static async Task<(string SessionId, string Token)> StartInterventionAsync(HttpClient admin, string customerId)
    {
        var response = await admin.PostAsync($"/api/retention/customers/{customerId}/interventions", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Json();
        var url = body.GetProperty("chatUrl").GetString()!;
        return (body.GetProperty("sessionId").GetString()!, url[(url.LastIndexOf('/') + 1)..]);
    }

    public static async Task<JsonElement> SayAsync(HttpClient client, string token, string content)
    {
        var response = await client.PostAsJsonAsync($"/api/chat/{token}/messages", new { content });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Json();
    }

    public static Task<HttpResponseMessage> CardAsync(HttpClient client, string token, string number, int? year = null) =>
        client.PostAsJsonAsync($"/api/chat/{token}/payment-method", new { cardNumber = number, expMonth = 12, expYear = year ?? DateTimeOffset.UtcNow.Year + 3, cvc = "123" });

    /// <summary>Delivers a Stripe event to the shared webhook inbox, signed now with <paramref name="secret"/>.</summary>
    public static async Task<HttpResponseMessage> StripeWebhookAsync(HttpClient client, string payload, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/stripe") { Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", Ecosystem.Platform.Webhooks.StripeWebhookVerifier.CreateHeader(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), payload, secret));
        return await client.SendAsync(request);
    }

    public static string LastAi(JsonElement chat) =>
        chat.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("sender").GetString() == "ai").GetProperty("content").GetString()!;
}
