using System.Net;
using System.Text.Json;
using Ecosystem.Analytics.Customers;
using Ecosystem.Platform;
using Ecosystem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Ecosystem.Tests.Analytics.AnalyticsTestKit;

namespace Ecosystem.Tests.Analytics;

/// <summary>
/// A module Analytics has never heard of (declared only here, in the test's service configuration) shows up in a
/// person's Customer 360: its state, counters and last-at times, its list filter, and the rebuild reproduces it.
/// </summary>
public abstract class Customer360FoldTests(Db db) : AppTest(db)
{
    private const string Placed = "com.ecosystem.test-shop.order.placed";
    private const string Viewed = "com.ecosystem.test-shop.basket.viewed";

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, services: s => s
        .AddEventDefinitions(
            new EventDefinition(Placed, "An order was placed (test module).", EventCatalogRegistration.Props(("paid", PropertyType.Boolean), ("shop", PropertyType.Object)), "test-shop", 4),
            new EventDefinition(Viewed, "The basket was viewed (test module).", EventCatalogRegistration.Props(), "test-shop", 1))
        .AddCustomer360Fold(new ProductSummaryFold("test-shop")
        {
            StateProperty = "shop",
            State = [new("tier", "shopTier") { Default = "guest" }, new("basket", "shopBasket", SummaryValueType.Integer)],
            StatusFilter = new("shopTier", "tier", ["guest", "silver", "gold"]),
            Counters = [new("counters.orders", Placed), new("counters.paidOrders", Placed) { WhenTrue = "paid" }],
            LastAt = [new("lastOrderAt", Placed)],
        }));

    [Fact]
    public async Task A_module_declared_only_in_the_test_shows_up_in_the_persons_360_without_a_change_to_Analytics()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var source = Source(App, key);
        var at = DateTimeOffset.UtcNow.AddHours(-3);
        object Order(string id, string user, DateTimeOffset when, bool paid, string tier, long basket) =>
            new { eventId = id, eventName = Placed, occurredAt = when, userEcosystemId = user, metadata = new { paid, shop = new { tier, basket } } };
        Assert.Equal(HttpStatusCode.OK, (await PostBatchAsync(source, [
            Order("shop-2", "usr_shop_a", at.AddMinutes(2), false, "gold", 900), // the latest: its state wins whatever the arrival order
            Order("shop-1", "usr_shop_a", at.AddMinutes(1), true, "silver", 100),
            new { eventId = "shop-3", eventName = Viewed, occurredAt = at.AddMinutes(3), userEcosystemId = "usr_shop_a", metadata = new { } },
            Nav("shop-nav", "usr_shop_b", at),
        ])).StatusCode);

        var admin = await App.AdminAsync();
        var a = await (await admin.GetAsync("/api/customers/usr_shop_a/360")).Json();
        Assert.Equal(["test-shop"], a.GetProperty("products").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("gold", a.GetProperty("shopTier").GetString());
        Assert.Equal(900, a.GetProperty("shopBasket").GetInt64());
        Assert.Equal(at.AddMinutes(2).ToUnixTimeMilliseconds(), a.GetProperty("lastOrderAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(2, a.GetProperty("counters").GetProperty("orders").GetInt64());
        Assert.Equal(1, a.GetProperty("counters").GetProperty("paidOrders").GetInt64());
        Assert.Equal(3, a.GetProperty("counters").GetProperty("events").GetInt64());
        Assert.Equal("none", a.GetProperty("creditCardStatus").GetString()); // the product's own modules are all still there

        var b = await (await admin.GetAsync("/api/customers/usr_shop_b/360")).Json();
        Assert.Equal("guest", b.GetProperty("shopTier").GetString());
        Assert.Equal(JsonValueKind.Null, b.GetProperty("shopBasket").ValueKind);
        Assert.Equal(0, b.GetProperty("counters").GetProperty("orders").GetInt64());

        async Task<List<string?>> ListAsync(string query) => (await (await admin.GetAsync("/api/customers?" + query)).Json())
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("userEcosystemId").GetString()).Where(i => i!.StartsWith("usr_shop_", StringComparison.Ordinal)).ToList();
        Assert.Equal(["usr_shop_a"], await ListAsync("shopTier=gold"));
        Assert.Equal(["usr_shop_b"], await ListAsync("shopTier=guest"));
        Assert.Empty(await ListAsync("shopTier=silver"));
        var refused = await admin.GetAsync("/api/customers?shopTier=platinum");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("shopTier must be guest, silver or gold.", await refused.Content.ReadAsStringAsync());

        await using var scope = App.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<Customer360Queries>();
        var incremental = await queries.CanonicalAsync(CancellationToken.None);
        var rebuild = scope.ServiceProvider.GetRequiredService<Customer360Rebuild>();
        Assert.False(await rebuild.RunIfDeclarationsChangedAsync(CancellationToken.None), "the start-up stored the running declarations' fingerprint");
        await rebuild.RunAsync(null, CancellationToken.None);
        Assert.Equal(incremental, await queries.CanonicalAsync(CancellationToken.None));
    }
}

public sealed class Customer360FoldTests_Sqlite() : Customer360FoldTests(Db.Sqlite);

public sealed class Customer360FoldTests_Postgres() : Customer360FoldTests(Db.Postgres);
