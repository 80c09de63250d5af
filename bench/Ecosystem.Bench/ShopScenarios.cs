using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Ecosystem.Bench;

/// <summary>shop-checkout and shop-catalog.</summary>
internal sealed partial class Scenarios
{
    private static readonly byte[] PriceBody = Encoding.UTF8.GetBytes(
        """{"items":[{"productSlug":"instagram-followers","variantId":"var_followers_5k","optionIds":["opt_followers_dach","opt_followers_fast","opt_followers_refill"],"quantity":1}]}""");

    private static readonly byte[] CartItemBody = Encoding.UTF8.GetBytes(
        """{"productSlug":"instagram-followers","variantId":"var_followers_5k","optionIds":["opt_followers_dach","opt_followers_fast","opt_followers_refill"],"quantity":1}""");

    private static readonly byte[] CheckoutBody = Encoding.UTF8.GetBytes("""{"acceptTerms":true}""");

    private static readonly byte[] PayBody = Encoding.UTF8.GetBytes("""{"cardNumber":"4242 4242 4242 4242","expMonth":12,"expYear":2031,"cvc":"123"}""");

    /// <summary>
    /// shop-checkout: one client per connection (created by the admin API, logged in, profile and terms saved once);
    /// every iteration is what a buyer's browser does: the live price of a configured product, add it to the cart,
    /// check out (fresh Idempotency-Key), pay with Stripe's test card on the simulated gateway (which also delivers
    /// its payment_intent.succeeded webhook through the inbox). Throughput in paid checkouts/s; p99 of a whole checkout.
    /// </summary>
    public async Task<IReadOnlyList<ScenarioResult>> ShopCheckoutAsync(int connections)
    {
        ScenarioResult product;
        await using (var server = await ProductServer.StartAsync(repoRoot, o, ct).ConfigureAwait(false))
        {
            Console.WriteLine($"  shop-checkout: product pid {server.Pid} at {server.BaseUrl}, {connections} clients; creating them");
            var tokens = await ShopClientsAsync(server, connections).ConfigureAwait(false);
            using var client = LoadGenerator.NewClient(connections);
            var auth = tokens.Select(t => new AuthenticationHeaderValue("Bearer", t)).ToArray();
            var cpu = new CpuWindow();
            var r = await LoadGenerator.ClosedLoopAsync(connections, Warmup, Measure, async i =>
            {
                var who = auth[i % auth.Length];
                var (status, _) = await PostAsync(client, server.BaseUrl + "/api/shop/price", PriceBody, null, null).ConfigureAwait(false);
                if (status != HttpStatusCode.OK) return Outcome.Fail($"price {(int)status}");
                (status, var text) = await PostAsync(client, server.BaseUrl + "/api/shop/cart/items", CartItemBody, who, null).ConfigureAwait(false);
                if (status != HttpStatusCode.OK) return Outcome.Fail($"cart {(int)status} {Snippet(text)}");
                (status, text) = await PostAsync(client, server.BaseUrl + "/api/shop/checkout", CheckoutBody, who, Guid.NewGuid().ToString("N")).ConfigureAwait(false);
                if (status != HttpStatusCode.Created) return Outcome.Fail($"checkout {(int)status} {Snippet(text)}");
                using var doc = JsonDocument.Parse(text);
                var number = doc.RootElement.GetProperty("orderNumber").GetString();
                (status, text) = await PostAsync(client, $"{server.BaseUrl}/api/shop/orders/{number}/payments", PayBody, who, Guid.NewGuid().ToString("N")).ConfigureAwait(false);
                return status == HttpStatusCode.Created ? Outcome.Ok(1) : Outcome.Fail($"pay {(int)status} {Snippet(text)}");
            }, () => cpu.Start(server.Pid), () => cpu.Stop(server.Pid)).ConfigureAwait(false);
            product = ScenarioResult.From("shop-checkout", o, connections, r, "checkouts/s", cpu, server.PeakMemoryMb(),
                "price + add to cart + checkout + pay (simulated gateway, its webhook through the inbox); latency is the whole checkout");
            Console.WriteLine($"  shop-checkout: {product.Throughput:N1} checkouts/s, p99 {product.P99Ms:N1} ms, {product.CpuMicrosPerUnit / 1000:N1} ms CPU each, {product.Errors} errors");
        }

        var bare = await HttpCeilingAsync("ceiling: HTTP bare /event", "/event", connections, false).ConfigureAwait(false);
        return [WithCeilings(product, [new CeilingRef(bare.Name, bare.Throughput, "requests/s")]), bare];
    }

    /// <summary>shop-catalog: anonymous product page reads (GET /api/shop/products/instagram-followers: the product with its groups, options and packages).</summary>
    public async Task<IReadOnlyList<ScenarioResult>> ShopCatalogAsync(int connections)
    {
        ScenarioResult product;
        await using (var server = await ProductServer.StartAsync(repoRoot, o, ct).ConfigureAwait(false))
        {
            using var client = LoadGenerator.NewClient(connections);
            var url = new Uri(server.BaseUrl + "/api/shop/products/instagram-followers");
            var cpu = new CpuWindow();
            var r = await LoadGenerator.ClosedLoopAsync(connections, Warmup, Measure, async _ =>
            {
                using var response = await client.GetAsync(url, ct).ConfigureAwait(false);
                await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                return response.StatusCode == HttpStatusCode.OK ? Outcome.Ok(1) : Outcome.Fail(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }, () => cpu.Start(server.Pid), () => cpu.Stop(server.Pid)).ConfigureAwait(false);
            product = ScenarioResult.From("shop-catalog", o, connections, r, "reads/s", cpu, server.PeakMemoryMb(), "anonymous product page reads (the product with its options and packages)");
            Console.WriteLine($"  shop-catalog: {product.Throughput:N0} reads/s, p99 {product.P99Ms:N1} ms, {product.Errors} errors");
        }

        var bare = await HttpCeilingAsync("ceiling: HTTP bare /event", "/event", connections, false).ConfigureAwait(false);
        return [WithCeilings(product, [new CeilingRef(bare.Name, bare.Throughput, "requests/s")]), bare];
    }

    private async Task<(HttpStatusCode Status, string Text)> PostAsync(HttpClient client, string url, byte[] body, AuthenticationHeaderValue? auth, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = auth;
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request, ct).ConfigureAwait(false);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
    }

    /// <summary>Creates the clients (admin API), logs them in and saves their invoice details and consent once.</summary>
    private async Task<IReadOnlyList<string>> ShopClientsAsync(ProductServer server, int people)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(120) };
        var admin = new AuthenticationHeaderValue("Bearer", server.AdminToken);
        var tokens = new string[people];
        await Parallel.ForEachAsync(Enumerable.Range(0, people), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, c) =>
        {
            var username = $"bench.shop.{i:D4}";
            var password = $"bench-password-{i:D4}";
            await SendAsync(http, HttpMethod.Post, "/api/admin/users", admin, new { username, email = username + "@bench.local", password }, c).ConfigureAwait(false);
            var login = await SendAsync(http, HttpMethod.Post, "/api/auth/login", null, new { username, password }, c).ConfigureAwait(false);
            tokens[i] = login.GetProperty("accessToken").GetString()!;
            await SendAsync(http, HttpMethod.Put, "/api/shop/profile", new AuthenticationHeaderValue("Bearer", tokens[i]),
                new { fullName = "Bench Client " + i, addressLine1 = "Benchstraße 1", postalCode = "10115", city = "Berlin", country = "DE", consents = new { terms = true } }, c).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return tokens;
    }
}
