using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecosystem.Marketplace.Data;
using Ecosystem.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Marketplace;

/// <summary>
/// The marketplace on both databases, with the demo vendors (vendor1, vendor2) and buyer (buyer1): accept → complete
/// moves exact amounts on the ledger; cancel releases the hold; one of many parallel acceptances wins; another buyer's
/// intent is 404; vendors' actions are refused to buyers; bad input is 422; commission schedules apply by date.
/// </summary>
public abstract class MarketplaceTests(Db db) : AppTest(db)
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, services: s => EcosystemApp.UseClock(s, clock));

    private static async Task<JsonElement> Created(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Json();
    }

    private static async Task<string> IntentAsync(HttpClient buyer, string category, string region = "Kigali") =>
        (await Created(await buyer.PostAsJsonAsync("/api/marketplace/intents", new { channel = "whatsapp", category, region, description = "Need it today", payload = new { from = "+250700000000" } })))
            .GetProperty("intentId").GetString()!;

    private static async Task<string> QuoteAsync(HttpClient vendor, string intentId, long price, int eta = 10) =>
        (await Created(await vendor.PostAsJsonAsync($"/api/marketplace/intents/{intentId}/quotes", new { price, currency = "RWF", etaMinutes = eta }))).GetProperty("quoteId").GetString()!;

    private static async Task<(long Balance, long Held, long Available)> WalletAsync(HttpClient person)
    {
        var buyer = (await (await person.GetAsync("/api/marketplace/me")).Json()).GetProperty("buyer");
        return (buyer.GetProperty("balance").GetInt64(), buyer.GetProperty("held").GetInt64(), buyer.GetProperty("available").GetInt64());
    }

    private static async Task<long> BalanceAsync(HttpClient admin, string accountId) =>
        (await (await admin.GetAsync($"/api/wallet/accounts/{accountId}")).Json()).GetProperty("balance").GetInt64();

    private static async Task ScheduleAsync(HttpClient admin, string category, int rateBp, long flatFee, DateTimeOffset effectiveFrom) =>
        await Created(await admin.PostAsJsonAsync("/api/marketplace/commission-schedules", new { category, rateBp, flatFee, currency = "RWF", effectiveFrom }));

    private static async Task AssertTrialBalanceZeroAsync(HttpClient admin)
    {
        var trial = await (await admin.GetAsync("/api/wallet/trial-balance")).Json();
        Assert.True(trial.GetProperty("balanced").GetBoolean(), trial.ToString());
        Assert.All(trial.GetProperty("currencies").EnumerateArray(), c => Assert.Equal(0, c.GetProperty("difference").GetInt64()));
    }

    [Fact]
    public async Task Accepting_holds_the_buyers_funds_and_completing_posts_buyer_to_vendor_and_vendor_to_commission_exactly()
    {
        var admin = await App.AdminAsync();
        var buyer = await App.LoginAsync("buyer1", "buyer1");
        var vendor1 = await App.LoginAsync("vendor1", "vendor1");
        var vendor2 = await App.LoginAsync("vendor2", "vendor2");
        await ScheduleAsync(admin, "parcel", 250, 30, clock.GetUtcNow().AddMinutes(-1));
        var vendorWallet = (await (await vendor1.GetAsync("/api/marketplace/me")).Json()).GetProperty("vendor").GetProperty("walletAccountId").GetString()!;
        var vendorBefore = await BalanceAsync(admin, vendorWallet);
        var (balanceBefore, heldBefore, _) = await WalletAsync(buyer);

        var intentId = await IntentAsync(buyer, "parcel");
        var winner = await QuoteAsync(vendor1, intentId, 10_001);
        var loser = await QuoteAsync(vendor2, intentId, 12_000);
        var purchase = await Created(await buyer.PostAsync($"/api/marketplace/quotes/{winner}/accept", null));
        Assert.Equal(("pending", 10_001L, 280L, 9_721L), (purchase.GetProperty("status").GetString(), purchase.GetProperty("amount").GetInt64(), purchase.GetProperty("commission").GetInt64(), purchase.GetProperty("vendorNet").GetInt64()));
        Assert.Equal((balanceBefore, heldBefore + 10_001), ((await WalletAsync(buyer)).Balance, (await WalletAsync(buyer)).Held));
        var intent = await (await buyer.GetAsync($"/api/marketplace/intents/{intentId}")).Json();
        Assert.Equal("matched", intent.GetProperty("status").GetString());
        var statuses = intent.GetProperty("quotes").EnumerateArray().ToDictionary(q => q.GetProperty("quoteId").GetString()!, q => q.GetProperty("status").GetString());
        Assert.Equal(("accepted", "rejected"), (statuses[winner], statuses[loser]));
        var hold = await (await admin.GetAsync($"/api/wallet/transfers/{purchase.GetProperty("holdTransferId").GetString()}")).Json();
        Assert.Equal("pending", hold.GetProperty("status").GetString());

        // Only the purchase's vendor completes it.
        var purchaseId = purchase.GetProperty("purchaseId").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, (await vendor2.PostAsync($"/api/marketplace/purchases/{purchaseId}/complete", null)).StatusCode);
        var completed = await (await vendor1.PostAsync($"/api/marketplace/purchases/{purchaseId}/complete", null)).Json();
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, completed.GetProperty("fulfilledAt").ValueKind);

        Assert.Equal((balanceBefore - 10_001, heldBefore), ((await WalletAsync(buyer)).Balance, (await WalletAsync(buyer)).Held));
        Assert.Equal(vendorBefore + 9_721, await BalanceAsync(admin, vendorWallet));
        var commission = await (await admin.GetAsync($"/api/wallet/transfers/{completed.GetProperty("commissionTransferId").GetString()}")).Json();
        Assert.Equal((vendorWallet, 280L, "commission"), (commission.GetProperty("debitAccountId").GetString(), commission.GetProperty("amount").GetInt64(), commission.GetProperty("type").GetString()));
        Assert.Equal("posted", (await (await admin.GetAsync($"/api/wallet/transfers/{purchase.GetProperty("holdTransferId").GetString()}")).Json()).GetProperty("status").GetString());
        await AssertTrialBalanceZeroAsync(admin);

        var again = await vendor1.PostAsync($"/api/marketplace/purchases/{purchaseId}/complete", null);
        Assert.Equal((HttpStatusCode.Conflict, "PURCHASE_NOT_PENDING"), (again.StatusCode, await again.Code()));
        var me = await (await buyer.GetAsync("/api/marketplace/me")).Json();
        Assert.True(me.GetProperty("buyer").GetProperty("purchasesCompleted").GetInt32() >= 2);
    }

    [Fact]
    public async Task Cancelling_a_purchase_voids_the_hold_and_restores_the_buyers_available_balance()
    {
        var admin = await App.AdminAsync();
        var buyer = await App.LoginAsync("buyer1", "buyer1");
        var vendor1 = await App.LoginAsync("vendor1", "vendor1");
        var before = await WalletAsync(buyer);
        var intentId = await IntentAsync(buyer, "moto");
        var quote = await QuoteAsync(vendor1, intentId, 4_000);
        var purchase = await Created(await buyer.PostAsync($"/api/marketplace/quotes/{quote}/accept", null));
        Assert.Equal(before.Available - 4_000, (await WalletAsync(buyer)).Available);

        var purchaseId = purchase.GetProperty("purchaseId").GetString()!;
        var cancelled = await buyer.PostAsJsonAsync($"/api/marketplace/purchases/{purchaseId}/cancel", new { reason = "Found a ride" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.Json()).GetProperty("status").GetString());
        Assert.Equal(before, await WalletAsync(buyer));
        Assert.Equal("voided", (await (await admin.GetAsync($"/api/wallet/transfers/{purchase.GetProperty("holdTransferId").GetString()}")).Json()).GetProperty("status").GetString());
        Assert.Equal("cancelled", (await (await buyer.GetAsync($"/api/marketplace/intents/{intentId}")).Json()).GetProperty("status").GetString());
        var complete = await vendor1.PostAsync($"/api/marketplace/purchases/{purchaseId}/complete", null);
        Assert.Equal((HttpStatusCode.Conflict, "PURCHASE_NOT_PENDING"), (complete.StatusCode, await complete.Code()));
        await AssertTrialBalanceZeroAsync(admin);
    }

    [Fact]
    public async Task Of_many_parallel_acceptances_of_one_intent_exactly_one_wins()
    {
        var buyer = await App.LoginAsync("buyer1", "buyer1");
        var vendor1 = await App.LoginAsync("vendor1", "vendor1");
        var vendor2 = await App.LoginAsync("vendor2", "vendor2");
        var before = await WalletAsync(buyer);
        var intentId = await IntentAsync(buyer, "taxi");
        var quotes = new[] { await QuoteAsync(vendor1, intentId, 3_100), await QuoteAsync(vendor2, intentId, 3_200) };

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => buyer.PostAsync($"/api/marketplace/quotes/{quotes[i % 2]}/accept", null)));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var won = await answers.Single(a => a.StatusCode == HttpStatusCode.Created).Json();
        var amount = won.GetProperty("amount").GetInt64();
        Assert.Equal(before.Held + amount, (await WalletAsync(buyer)).Held);
        var intent = await (await buyer.GetAsync($"/api/marketplace/intents/{intentId}")).Json();
        Assert.Equal(won.GetProperty("quoteId").GetString(), intent.GetProperty("acceptedQuoteId").GetString());
        Assert.Equal(1, intent.GetProperty("quotes").EnumerateArray().Count(q => q.GetProperty("status").GetString() == "accepted"));
        var purchases = await (await buyer.GetAsync("/api/marketplace/purchases")).Json();
        Assert.Equal(1, purchases.EnumerateArray().Count(p => p.GetProperty("intentId").GetString() == intentId));
    }

    [Fact]
    public async Task Another_buyers_intent_is_404_vendors_actions_are_refused_to_buyers_and_vendors_see_only_their_tenant()
    {
        var buyer = await App.LoginAsync("buyer1", "buyer1");
        var other = await App.UserAsync();
        var vendor1 = await App.LoginAsync("vendor1", "vendor1");
        var intentId = await IntentAsync(buyer, "moto");
        var quote = await QuoteAsync(vendor1, intentId, 2_000);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/marketplace/intents/{intentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/marketplace/intents/{intentId}/rankings")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/marketplace/intents/{intentId}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/marketplace/quotes/{quote}/accept", null)).StatusCode);
        Assert.DoesNotContain((await (await other.GetAsync("/api/marketplace/intents")).Json()).EnumerateArray(), i => i.GetProperty("intentId").GetString() == intentId);

        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.PostAsJsonAsync($"/api/marketplace/intents/{intentId}/quotes", new { price = 100, currency = "RWF", etaMinutes = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync("/api/marketplace/open-intents")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.PostAsync("/api/marketplace/purchases/pur_0190f3aa00000000000000000000beef/complete", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await vendor1.GetAsync("/api/marketplace/commission-schedules")).StatusCode);

        var open = await (await vendor1.GetAsync("/api/marketplace/open-intents")).Json();
        Assert.Contains(open.EnumerateArray(), i => i.GetProperty("intent").GetProperty("intentId").GetString() == intentId);

        // The same intent moved to another tenant: the vendor no longer sees it, and its rankings are 404.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var mdb = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            Assert.Equal(1, await mdb.Intents.Where(i => i.IntentId == intentId).ExecuteUpdateAsync(s => s.SetProperty(i => i.TenantId, "ten_elsewhere")));
        }

        open = await (await vendor1.GetAsync("/api/marketplace/open-intents")).Json();
        Assert.DoesNotContain(open.EnumerateArray(), i => i.GetProperty("intent").GetProperty("intentId").GetString() == intentId);
        Assert.Equal(HttpStatusCode.NotFound, (await vendor1.GetAsync($"/api/marketplace/intents/{intentId}/rankings")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await vendor1.PostAsJsonAsync($"/api/marketplace/intents/{intentId}/quotes", new { price = 100, currency = "RWF", etaMinutes = 5 })).StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_422_naming_the_fields()
    {
        var buyer = await App.LoginAsync("buyer1", "buyer1");
        var vendor1 = await App.LoginAsync("vendor1", "vendor1");
        var admin = await App.AdminAsync();
        var bad = await buyer.PostAsJsonAsync("/api/marketplace/intents", new { channel = "fax", category = "Moto Taxi!", region = "", description = "", payload = new[] { 1 }, expiresInMinutes = 0 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var errors = (await bad.Json()).GetProperty("errors");
        foreach (var field in new[] { "channel", "category", "region", "description", "payload", "expiresInMinutes" }) Assert.True(errors.TryGetProperty(field, out _), field);

        var intentId = await IntentAsync(buyer, "moto");
        var quote = await vendor1.PostAsJsonAsync($"/api/marketplace/intents/{intentId}/quotes", new { price = -5, currency = "XXX", etaMinutes = 0 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, quote.StatusCode);
        errors = (await quote.Json()).GetProperty("errors");
        foreach (var field in new[] { "price", "currency", "etaMinutes" }) Assert.True(errors.TryGetProperty(field, out _), field);

        var schedule = await admin.PostAsJsonAsync("/api/marketplace/commission-schedules", new { category = "moto", rateBp = 10_001, flatFee = -1, currency = "RWF" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, schedule.StatusCode);
        errors = (await schedule.Json()).GetProperty("errors");
        foreach (var field in new[] { "rateBp", "flatFee" }) Assert.True(errors.TryGetProperty(field, out _), field);
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync("/api/marketplace/intents/int_nope")).StatusCode);
    }

    [Fact]
    public async Task The_commission_schedule_in_force_at_acceptance_applies_and_a_future_dated_one_waits()
    {
        var admin = await App.AdminAsync();
        var now = clock.GetUtcNow();
        await ScheduleAsync(admin, "dated", 1_000, 0, now.AddMinutes(-5));
        await ScheduleAsync(admin, "dated", 2_000, 50, now.AddHours(1));
        var schedules = (await (await admin.GetAsync("/api/marketplace/commission-schedules")).Json()).EnumerateArray().Where(s => s.GetProperty("category").GetString() == "dated").ToList();
        Assert.Equal([(2_000, false, true), (1_000, true, false)], schedules.Select(s => (s.GetProperty("rateBp").GetInt32(), s.GetProperty("inForce").GetBoolean(), s.GetProperty("upcoming").GetBoolean())));

        async Task<JsonElement> BuyAsync(long price)
        {
            var buyer = await App.LoginAsync("buyer1", "buyer1");
            var vendor = await App.LoginAsync("vendor2", "vendor2");
            var intentId = await IntentAsync(buyer, "dated");
            var quote = await QuoteAsync(vendor, intentId, price);
            return await Created(await buyer.PostAsync($"/api/marketplace/quotes/{quote}/accept", null));
        }

        var first = await BuyAsync(1_005);
        Assert.Equal((101L, 904L), (first.GetProperty("commission").GetInt64(), first.GetProperty("vendorNet").GetInt64()));
        clock.Advance(TimeSpan.FromHours(2));
        var second = await BuyAsync(1_005);
        Assert.Equal((201L + 50L, 1_005L - 251L), (second.GetProperty("commission").GetInt64(), second.GetProperty("vendorNet").GetInt64()));
    }

    [Fact]
    public async Task Rankings_show_each_vendors_score_with_its_breakdown_best_first()
    {
        var buyer = await App.LoginAsync("buyer1", "buyer1");
        var intentId = await IntentAsync(buyer, "moto");
        var rankings = await (await buyer.GetAsync($"/api/marketplace/intents/{intentId}/rankings")).Json();
        Assert.Equal(100, rankings.GetProperty("weights").EnumerateObject().Sum(w => w.Value.GetInt32()));
        var vendors = rankings.GetProperty("vendors").EnumerateArray().ToList();
        Assert.Equal(["Kigali Moto Express", "Hill Cabs"], vendors.Select(v => v.GetProperty("displayName").GetString()));
        foreach (var v in vendors)
        {
            var breakdown = v.GetProperty("breakdown").EnumerateArray().ToList();
            Assert.Equal(["rating", "fulfilment", "response", "trips", "region", "category"], breakdown.Select(f => f.GetProperty("factor").GetString()));
            Assert.Equal(v.GetProperty("score").GetDecimal(), breakdown.Sum(f => f.GetProperty("contribution").GetDecimal()));
        }

        var first = vendors[0].GetProperty("breakdown").EnumerateArray().ToDictionary(f => f.GetProperty("factor").GetString()!, f => f.GetProperty("contribution").GetDecimal());
        Assert.Equal((23.5m, 15m, 10m), (first["rating"], first["region"], first["category"]));
        var vendor = await App.LoginAsync("vendor2", "vendor2");
        Assert.Equal(HttpStatusCode.OK, (await vendor.GetAsync($"/api/marketplace/intents/{intentId}/rankings")).StatusCode);
    }

    [Fact]
    public async Task The_buyers_Customer_360_shows_their_marketplace_activity()
    {
        var buyer = await App.LoginAsync("buyer1", "buyer1");
        var id = (await (await buyer.GetAsync("/api/me")).Json()).GetProperty("userEcosystemId").GetString()!;
        // Demo data: three intents, one completed purchase of 2,500 RWF.
        var view = await Ecosystem.Tests.Analytics.AnalyticsTestKit.WaitFor360Async(buyer, id, v => v.TryGetProperty("marketplacePurchases", out var p) && p.ValueKind == JsonValueKind.Number && p.GetInt64() == 1);
        Assert.Equal((3L, 1L, 2_500L, "RWF"), (view.GetProperty("marketplaceIntents").GetInt64(), view.GetProperty("marketplacePurchases").GetInt64(), view.GetProperty("marketplaceSpent").GetInt64(), view.GetProperty("marketplaceCurrency").GetString()));
        Assert.Equal(JsonValueKind.String, view.GetProperty("lastMarketplacePurchaseAt").ValueKind);

        await IntentAsync(buyer, "moto");
        view = await Ecosystem.Tests.Analytics.AnalyticsTestKit.WaitFor360Async(buyer, id, v => v.GetProperty("marketplaceIntents").GetInt64() == 4);
        Assert.Equal(4, view.GetProperty("marketplaceIntents").GetInt64());
    }
}

public sealed class MarketplaceTests_Sqlite() : MarketplaceTests(Db.Sqlite);

public sealed class MarketplaceTests_Postgres() : MarketplaceTests(Db.Postgres);
