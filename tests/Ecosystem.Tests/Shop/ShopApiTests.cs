using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ecosystem.Shop.Data;
using Ecosystem.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Shop;

/// <summary>The shop's API on both databases: pricing, carts, checkout, payments, refunds, transitions, and who may see what.</summary>
public abstract class ShopApiTests(Db db) : AppTest(db)
{
    private const string StripeSecret = "whsec_shop_test_secret";

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, settings: new() { ["Webhooks:Stripe:SigningSecrets"] = StripeSecret });

    [Fact]
    public async Task The_catalog_and_the_price_endpoint_price_deltas_and_tax_per_line()
    {
        var visitor = App.CreateClient();
        var products = await (await visitor.GetAsync("/api/shop/products")).Json();
        var followers = products.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("slug").GetString() == "instagram-followers");
        Assert.Equal((1_900, "EUR", 1_900), (followers.GetProperty("basePrice").GetInt64(), followers.GetProperty("currency").GetString(), followers.GetProperty("taxRate").GetInt32()));
        var audience = followers.GetProperty("optionGroups").EnumerateArray().First();
        Assert.Equal(("Audience", true), (audience.GetProperty("name").GetString(), audience.GetProperty("required").GetBoolean()));
        Assert.Contains(audience.GetProperty("options").EnumerateArray(), o => o.GetProperty("deltaType").GetString() == "percent" && o.GetProperty("priceDelta").GetInt64() == 2_500);

        var quote = await (await visitor.PostAsJsonAsync("/api/shop/price", new
        {
            items = new object[] { new { productSlug = "instagram-followers", variantId = "var_followers_5k", optionIds = new[] { "opt_followers_dach", "opt_followers_fast" }, quantity = 2 } },
        })).Json();
        // 7,900 + 25 % (1,975) + 9.00 = 10,775 a unit; × 2 = 21,550; 19 % = 4,094.5 → 4,095.
        Assert.Equal((21_550L, 4_095L, 25_645L), (quote.GetProperty("subtotal").GetInt64(), quote.GetProperty("tax").GetInt64(), quote.GetProperty("total").GetInt64()));
        Assert.Equal(404, (int)(await visitor.GetAsync("/api/shop/products/no-such-thing")).StatusCode);
    }

    [Fact]
    public async Task Broken_constraints_tampered_prices_and_bad_input_are_4xx_with_a_code_and_write_nothing()
    {
        var (client, userId) = await ShopTestKit.NewPersonAsync(App, "tamper");
        var clash = await client.PostAsJsonAsync("/api/shop/cart/items", new { productSlug = "instagram-followers", variantId = "var_followers_1k", optionIds = new[] { "opt_followers_world", "opt_followers_express", "opt_followers_drip" }, quantity = 1 });
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "OPTION_UNKNOWN"), (clash.StatusCode, await clash.Code()));
        clash = await client.PostAsJsonAsync("/api/shop/cart/items", new { productSlug = "instagram-followers", variantId = "var_followers_1k", optionIds = new[] { "opt_followers_worldwide", "opt_followers_express", "opt_followers_drip" }, quantity = 1 });
        var problem = await clash.Json();
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "OPTION_CONSTRAINT"), (clash.StatusCode, problem.GetProperty("code").GetString()));
        Assert.Contains("“Drip-feed: at most 200 a day” cannot be combined with “Express, within 24 hours”", problem.GetProperty("detail").GetString());

        // A price the client sends is not a field the shop reads: refused, never used.
        var tampered = await client.PostAsJsonAsync("/api/shop/cart/items", new { productSlug = "instagram-followers", variantId = "var_followers_1k", optionIds = new[] { "opt_followers_worldwide", "opt_followers_steady" }, quantity = 1, unitPrice = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal(0, (await (await client.GetAsync("/api/shop/cart")).Json()).GetProperty("count").GetInt32());

        (await client.PostAsJsonAsync("/api/shop/cart/items", ShopTestKit.Followers)).EnsureSuccessStatusCode();
        var stale = await client.PostAsJsonAsync("/api/shop/checkout", new { profile = ShopTestKit.Profile(), acceptTerms = true, expectedTotal = 1 });
        Assert.Equal((HttpStatusCode.Conflict, "PRICE_CHANGED"), (stale.StatusCode, await stale.Code()));
        var noTerms = await client.PostAsJsonAsync("/api/shop/checkout", new { profile = ShopTestKit.Profile() });
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "CONSENT_REQUIRED"), (noTerms.StatusCode, await noTerms.Code()));
        var badVat = await client.PutAsJsonAsync("/api/shop/profile", new { fullName = "Kim", addressLine1 = "Torstraße 1", postalCode = "10119", city = "Berlin", country = "DE", vatId = "ATU12345678", instagramHandle = "no..dots" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badVat.StatusCode);
        var fields = (await badVat.Json()).GetProperty("errors");
        Assert.Contains("starts with DE", fields.GetProperty("vatId")[0].GetString());
        Assert.True(fields.TryGetProperty("instagramHandle", out _));

        await using var scope = App.Services.CreateAsyncScope();
        var shop = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        Assert.False(await shop.Orders.AnyAsync(o => o.UserEcosystemId == userId));
        Assert.False(await shop.Profiles.AnyAsync(p => p.UserEcosystemId == userId && p.TermsAcceptedAt != null));
    }

    [Fact]
    public async Task A_visitors_cart_is_kept_by_its_cookie_and_merged_into_the_persons_cart_at_sign_in()
    {
        var (_, _) = await ShopTestKit.NewPersonAsync(App, "visitor");
        var browser = App.CreateClient(); // keeps cookies
        var added = await browser.PostAsJsonAsync("/api/shop/cart/items", ShopTestKit.Followers);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Contains(added.Headers.GetValues("Set-Cookie"), c => c.StartsWith("eco_cart=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1, (await (await browser.GetAsync("/api/shop/cart")).Json()).GetProperty("count").GetInt32());
        Assert.Equal(0, (await (await App.CreateClient().GetAsync("/api/shop/cart")).Json()).GetProperty("count").GetInt32());

        var login = await (await browser.PostAsJsonAsync("/api/auth/login", new { username = "visitor", password = "long-password-visitor" })).Json();
        browser.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
        var mine = await (await browser.GetAsync("/api/shop/cart")).Json();
        Assert.Equal(1, mine.GetProperty("count").GetInt32());
        Assert.Equal("instagram-followers", mine.GetProperty("lines")[0].GetProperty("productSlug").GetString());
        var order = await (await browser.PostAsJsonAsync("/api/shop/checkout", new { profile = ShopTestKit.Profile(), acceptTerms = true })).Json();
        Assert.Matches(@"^ORD-\d{4}-\d{6}$", order.GetProperty("orderNumber").GetString());
        Assert.Equal(("pending", 2_261L), (order.GetProperty("status").GetString(), order.GetProperty("total").GetInt64()));
        Assert.Equal(0, (await (await browser.GetAsync("/api/shop/cart")).Json()).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task The_same_checkout_sent_twenty_times_at_once_with_one_key_makes_one_order()
    {
        var (client, userId) = await ShopTestKit.NewPersonAsync(App, "twenty");
        (await client.PostAsJsonAsync("/api/shop/cart/items", ShopTestKit.Followers)).EnsureSuccessStatusCode();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/shop/checkout") { Content = JsonContent.Create(new { profile = ShopTestKit.Profile(), acceptTerms = true }) };
            request.Headers.Add("Idempotency-Key", "checkout-once");
            var response = await client.SendAsync(request);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));
        var created = answers.Where(a => a.StatusCode == HttpStatusCode.Created).Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("orderNumber").GetString()).Distinct().ToList();
        Assert.Single(created);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, a.Body));
        await using var scope = App.Services.CreateAsyncScope();
        var shop = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        Assert.Equal(1, await shop.Orders.CountAsync(o => o.UserEcosystemId == userId));
        // The first checkout made them a client.
        var person = (await scope.ServiceProvider.GetRequiredService<Ecosystem.Identity.Contracts.IUserDirectory>().GetManyAsync([userId], CancellationToken.None))[userId];
        Assert.Contains("client", person.Roles);
    }

    [Fact]
    public async Task An_order_is_paid_once_when_the_confirmation_and_ten_webhooks_race_and_a_second_card_is_refused()
    {
        var (client, userId) = await ShopTestKit.NewPersonAsync(App, "payer");
        var order = await ShopTestKit.OrderAsync(client);
        var number = order.GetProperty("orderNumber").GetString()!;

        // Ten identical payment requests at once (one Idempotency-Key): one charge, the same answer for all.
        var pays = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ShopTestKit.PayAsync(client, number, key: "pay-once")));
        Assert.All(pays, p => Assert.Equal(HttpStatusCode.Created, p.StatusCode));
        var paymentIds = (await Task.WhenAll(pays.Select(async p => (await p.Json()).GetProperty("paymentId").GetString()))).Distinct().ToList();
        Assert.Single(paymentIds);

        // The provider's webhook for that payment intent, delivered ten times at once (ten deliveries, as a retrying provider would).
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var shop = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            var pi = await shop.Payments.Where(p => p.PaymentId == paymentIds[0]).Select(p => p.ProviderPaymentId).SingleAsync();
            var webhook = App.CreateClient();
            var hooks = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => PostStripeAsync(webhook, "evt_race_" + i, pi!, number, order.GetProperty("total").GetInt64())));
            Assert.All(hooks, h => Assert.True(h.IsSuccessStatusCode, h.StatusCode.ToString()));
        }

        var detail = await (await client.GetAsync($"/api/shop/orders/{number}")).Json();
        Assert.Equal(("processing", order.GetProperty("total").GetInt64()), (detail.GetProperty("status").GetString(), detail.GetProperty("amountPaid").GetInt64()));
        Assert.Single(detail.GetProperty("payments").EnumerateArray());
        Assert.Single(detail.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("action").GetString() == "paid");

        // Another payment of the paid order is refused before any card is charged.
        var again = await ShopTestKit.PayAsync(client, number, key: "pay-twice");
        Assert.Equal((HttpStatusCode.Conflict, "ORDER_ALREADY_PAID"), (again.StatusCode, await again.Code()));
        await using var check = App.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<ShopDbContext>();
        Assert.Equal(1, await db.Outbox.CountAsync(m => m.UserEcosystemId == userId && m.EventName == "com.ecosystem.shop.order.paid"));
        Assert.Equal(1, await db.Outbox.CountAsync(m => m.UserEcosystemId == userId && m.EventName == "com.ecosystem.shop.payment.captured"));
    }

    [Fact]
    public async Task A_declined_card_leaves_the_order_unpaid_with_the_reason_and_another_clients_order_is_404()
    {
        var (client, _) = await ShopTestKit.NewPersonAsync(App, "declined");
        var number = (await ShopTestKit.OrderAsync(client)).GetProperty("orderNumber").GetString()!;
        var declined = await ShopTestKit.PayAsync(client, number, "4000 0000 0000 0341");
        Assert.Equal((HttpStatusCode.PaymentRequired, "CARD_DECLINED"), (declined.StatusCode, await declined.Code()));
        var bad = await ShopTestKit.PayAsync(client, number, "4242 4242 4242 4241");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("card number", (await bad.Json()).GetProperty("errors").GetProperty("cardNumber")[0].GetString());
        var detail = await (await client.GetAsync($"/api/shop/orders/{number}")).Json();
        Assert.Equal("pending", detail.GetProperty("status").GetString());
        Assert.Equal("failed", detail.GetProperty("payments")[0].GetProperty("status").GetString());

        var other = await App.UserAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/shop/orders/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ShopTestKit.PayAsync(other, number)).StatusCode);
        Assert.DoesNotContain(number, await (await other.GetAsync("/api/shop/orders")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Twenty_parallel_refunds_never_exceed_what_was_paid()
    {
        var (client, _) = await ShopTestKit.NewPersonAsync(App, "refunded");
        var order = await ShopTestKit.OrderAsync(client);
        var number = order.GetProperty("orderNumber").GetString()!;
        var total = order.GetProperty("total").GetInt64(); // 2,261
        Assert.Equal(HttpStatusCode.Created, (await ShopTestKit.PayAsync(client, number)).StatusCode);
        var finance = await App.LoginAsync("finance", "finance");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/admin/shop/orders/{number}/refunds", new { amount = 100, reason = "me" })).StatusCode);

        var refunds = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => finance.PostAsJsonAsync($"/api/admin/shop/orders/{number}/refunds", new { amount = 300, reason = "goodwill" })));
        var ok = refunds.Count(r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal((int)(total / 300), ok);
        foreach (var refused in refunds.Where(r => r.StatusCode != HttpStatusCode.Created)) Assert.Equal("REFUND_TOO_LARGE", await refused.Code());
        var rest = await (await finance.PostAsJsonAsync($"/api/admin/shop/orders/{number}/refunds", new { reason = "the rest" })).Json();
        Assert.Equal((total - ok * 300, total, total), (rest.GetProperty("amount").GetInt64(), rest.GetProperty("refundedSoFar").GetInt64(), rest.GetProperty("paid").GetInt64()));
        var more = await finance.PostAsJsonAsync($"/api/admin/shop/orders/{number}/refunds", new { amount = 1, reason = "too much" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, more.StatusCode);
        var zero = await finance.PostAsJsonAsync($"/api/admin/shop/orders/{number}/refunds", new { amount = 0, reason = "zero" });
        Assert.Equal("The refund must be more than zero.", (await zero.Json()).GetProperty("errors").GetProperty("amount")[0].GetString());

        await using var scope = App.Services.CreateAsyncScope();
        var platform = scope.ServiceProvider.GetRequiredService<Ecosystem.Platform.Data.PlatformDbContext>();
        var shop = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var pi = await shop.Payments.Where(p => p.Status == "succeeded" && p.OrderId == shop.Orders.Where(o => o.OrderNumber == number).Select(o => o.OrderId).First()).Select(p => p.ProviderPaymentId).SingleAsync();
        Assert.Equal(total, await platform.SimulatedCharges.Where(c => c.Id == pi).Select(c => c.Refunded).SingleAsync());
    }

    [Fact]
    public async Task Illegal_transitions_are_409_and_every_transition_has_its_timeline_entry_audit_row_and_event()
    {
        var (client, userId) = await ShopTestKit.NewPersonAsync(App, "moving");
        var number = (await ShopTestKit.OrderAsync(client)).GetProperty("orderNumber").GetString()!;
        var admin = await App.AdminAsync();
        async Task<HttpResponseMessage> Move(string action, string? reason = null) => await admin.PostAsJsonAsync($"/api/admin/shop/orders/{number}/transitions", new { action, reason });

        var early = await Move("activate");
        Assert.Equal((HttpStatusCode.Conflict, "ORDER_TRANSITION_NOT_ALLOWED"), (early.StatusCode, await early.Code()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Move("hold")).StatusCode); // needs a reason
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Move("pay")).StatusCode); // only a payment pays
        Assert.Equal("on_hold", (await (await Move("hold", "Waiting for the account to go public")).Json()).GetProperty("status").GetString());
        Assert.Equal("pending", (await (await Move("resume")).Json()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Created, (await ShopTestKit.PayAsync(client, number)).StatusCode);
        Assert.Equal("active", (await (await Move("activate")).Json()).GetProperty("status").GetString());
        var done = await (await Move("complete")).Json();
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(0, done.GetProperty("allowedActions").GetArrayLength());
        var late = await Move("cancel", "too late");
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);

        var timeline = done.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["created", "held", "resumed", "paid", "activated", "completed"], timeline);
        await using var scope = App.Services.CreateAsyncScope();
        var shop = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var audits = await shop.AuditLog.AsNoTracking().Where(a => a.TargetType == "order" && a.TargetId == number && a.Action.StartsWith("shop.order.")).Select(a => a.Action).ToListAsync();
        Assert.Equal(timeline.Select(t => "shop.order." + t).Order(), audits.Order());
        var events = await shop.Outbox.AsNoTracking().Where(m => m.UserEcosystemId == userId && m.EventName.StartsWith("com.ecosystem.shop.order.")).Select(m => m.EventName).ToListAsync();
        Assert.Equal(timeline.Select(t => "com.ecosystem.shop.order." + t).Order(), events.Order());
    }

    [Fact]
    public async Task Admins_list_orders_with_filters_and_create_manual_orders_for_clients()
    {
        var admin = await App.AdminAsync();
        var manual = await admin.PostAsJsonAsync("/api/admin/shop/orders", new { username = "client", items = new[] { ShopTestKit.Followers }, note = "Agreed by phone" });
        Assert.Equal(HttpStatusCode.Created, manual.StatusCode);
        var order = await manual.Json();
        Assert.Equal(("manual", "pending"), (order.GetProperty("source").GetString(), order.GetProperty("status").GetString()));
        var list = await (await admin.GetAsync("/api/admin/shop/orders?source=manual")).Json();
        Assert.Equal(order.GetProperty("orderNumber").GetString(), Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("orderNumber").GetString());
        var demo = await (await admin.GetAsync("/api/admin/shop/orders?status=completed")).Json();
        Assert.NotEmpty(demo.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.GetAsync("/api/admin/shop/orders?status=lost")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await App.UserAsync()).GetAsync("/api/admin/shop/orders")).StatusCode);
        var client = await App.LoginAsync("client", "client");
        Assert.Contains(order.GetProperty("orderNumber").GetString()!, await (await client.GetAsync("/api/shop/orders")).Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> PostStripeAsync(HttpClient client, string eventId, string paymentIntent, string orderNumber, long amount)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = eventId, @object = "event", type = "payment_intent.succeeded", created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            data = new { @object = new { id = paymentIntent, @object = "payment_intent", amount, amount_received = amount, currency = "eur", status = "succeeded", metadata = new { order_number = orderNumber } } },
        });
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(StripeSecret), Encoding.UTF8.GetBytes($"{t}.").Concat(body).ToArray()));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/stripe") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("Stripe-Signature", $"t={t},v1={signature}");
        return client.SendAsync(request);
    }
}

public sealed class ShopApiTests_Sqlite() : ShopApiTests(Db.Sqlite);

public sealed class ShopApiTests_Postgres() : ShopApiTests(Db.Postgres);
