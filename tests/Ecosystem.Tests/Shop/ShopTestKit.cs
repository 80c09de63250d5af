using System.Net.Http.Json;
using System.Text.Json;
using Ecosystem.Tests.Infrastructure;

namespace Ecosystem.Tests.Shop;

/// <summary>What the shop tests do often: a new client with a profile, a configured cart, a checkout, a payment.</summary>
internal static class ShopTestKit
{
    public const string TestCard = "4242 4242 4242 4242";

    public static readonly object Followers = new { productSlug = "instagram-followers", variantId = "var_followers_1k", optionIds = new[] { "opt_followers_worldwide", "opt_followers_steady" }, quantity = 1 };

    public static object Profile(string name = "Kim Buyer") => new
    {
        fullName = name, company = "Kim Media GmbH", vatId = "DE 123 456 789", addressLine1 = "Torstraße 1", postalCode = "10119", city = "Berlin", country = "DE", instagramHandle = "@kim.media",
    };

    /// <summary>A new person (role user) logged in with a bearer token.</summary>
    public static async Task<(HttpClient Client, string UserId)> NewPersonAsync(EcosystemApp app, string username)
    {
        var admin = await app.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/users", new { username, email = username + "@example.com", displayName = "Person " + username, password = "long-password-" + username, roles = new[] { "user" } });
        created.EnsureSuccessStatusCode();
        var client = await app.LoginAsync(username, "long-password-" + username);
        var me = await (await client.GetAsync("/api/me")).Json();
        return (client, me.GetProperty("userEcosystemId").GetString()!);
    }

    /// <summary>Puts <paramref name="item"/> in the person's cart and checks out (profile and terms given on the way).</summary>
    public static async Task<JsonElement> OrderAsync(HttpClient client, object? item = null, string? key = null)
    {
        (await client.PostAsJsonAsync("/api/shop/cart/items", item ?? Followers)).EnsureSuccessStatusCode();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/shop/checkout") { Content = JsonContent.Create(new { profile = Profile(), acceptTerms = true }) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.Json();
    }

    public static Task<HttpResponseMessage> PayAsync(HttpClient client, string orderNumber, string card = TestCard, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/shop/orders/{orderNumber}/payments")
        {
            Content = JsonContent.Create(new { cardNumber = card, expMonth = 12, expYear = DateTimeOffset.UtcNow.Year + 2, cvc = "123" }),
        };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
