using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecosystem.Tests.Infrastructure;
using Ecosystem.Tests.Shop;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Wallet;

/// <summary>Money in and out of wallets: card top-ups credit the person's wallet once; payouts hold, then settle or release.</summary>
public abstract class WalletFundingTests(Db db) : AppTest(db)
{
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString("N"));
        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode != HttpStatusCode.InternalServerError, await response.Content.ReadAsStringAsync());
        return response;
    }

    private static object Card(long amount, string number = "4242424242424242") =>
        new { amount, currency = "RWF", cardNumber = number, expMonth = 12, expYear = DateTime.UtcNow.Year + 2, cvc = "123" };

    private static async Task<JsonElement> WalletAsync(HttpClient client, string kind) =>
        Assert.Single((await (await client.GetAsync("/api/wallet/me")).Json()).EnumerateArray(), w => w.GetProperty("kind").GetString() == kind);

    /// <summary>Runs the payout worker's pass (the worker itself may be settling some at the same time) until none is waiting.</summary>
    private async Task<int> SettlePayoutsAsync(HttpClient vendor)
    {
        var settled = 0;
        for (var i = 0; i < 100; i++)
        {
            await using (var scope = App.Services.CreateAsyncScope())
            {
                settled += await scope.ServiceProvider.GetRequiredService<Ecosystem.Wallet.Funding.FundingService>().SendDueAsync(100, CancellationToken.None);
            }

            var open = (await (await vendor.GetAsync("/api/wallet/me/payouts")).Json()).GetProperty("items").EnumerateArray()
                .Count(p => p.GetProperty("status").GetString() is "requested" or "sending");
            if (open == 0) return settled;
            await Task.Delay(100);
        }

        throw new TimeoutException("Payouts were not settled.");
    }

    private static async Task AssertBalancedAsync(HttpClient admin)
    {
        var trial = await (await admin.GetAsync("/api/wallet/trial-balance")).Json();
        Assert.True(trial.GetProperty("balanced").GetBoolean(), trial.ToString());
        Assert.True((await (await admin.GetAsync("/api/wallet/reconciliation")).Json()).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task A_card_top_up_credits_the_wallet_once_and_a_declined_card_moves_nothing()
    {
        var (person, userId) = await ShopTestKit.NewPersonAsync(App, "wallet-topper");
        var first = await PostAsync(person, "/api/wallet/me/top-ups", Card(25_000), key: "top-up-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var topUp = await first.Json();
        Assert.Equal("succeeded", topUp.GetProperty("status").GetString());
        Assert.Equal("4242", topUp.GetProperty("cardLast4").GetString());
        Assert.DoesNotContain("4242424242424242", topUp.ToString());

        // The same request again (a retry) answers the first result and charges nothing more.
        var again = await PostAsync(person, "/api/wallet/me/top-ups", Card(25_000), key: "top-up-1");
        Assert.Equal(topUp.GetProperty("topUpId").GetString(), (await again.Json()).GetProperty("topUpId").GetString());

        var declined = await (await PostAsync(person, "/api/wallet/me/top-ups", Card(10_000, "4000000000000002"))).Json();
        Assert.Equal("failed", declined.GetProperty("status").GetString());
        Assert.Equal("CARD_DECLINED", declined.GetProperty("failureCode").GetString());

        var wallet = await WalletAsync(person, "buyer");
        Assert.Equal(25_000, wallet.GetProperty("balance").GetInt64());
        var statement = await (await person.GetAsync($"/api/wallet/me/accounts/{wallet.GetProperty("accountId").GetString()}/statement")).Json();
        var line = Assert.Single(statement.GetProperty("items").EnumerateArray());
        Assert.Equal("top-up", line.GetProperty("type").GetString());
        Assert.Equal(25_000, line.GetProperty("balanceAfter").GetInt64());
        Assert.Equal(2, (await (await person.GetAsync("/api/wallet/me/top-ups")).Json()).GetArrayLength());

        var admin = await App.AdminAsync();
        await AssertBalancedAsync(admin);
        var person360 = await Ecosystem.Tests.Analytics.AnalyticsTestKit.WaitFor360Async(admin, userId, v => v.TryGetProperty("walletBalance", out var b) && b.ValueKind == JsonValueKind.Number && b.GetInt64() == 25_000);
        Assert.Equal(25_000, person360.GetProperty("walletBalance").GetInt64());
        Assert.Equal("RWF", person360.GetProperty("walletCurrency").GetString());

        // Another person's wallet is not found, and bad input names the field.
        var (other, _) = await ShopTestKit.NewPersonAsync(App, "wallet-other");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/wallet/me/accounts/{wallet.GetProperty("accountId").GetString()}/statement")).StatusCode);
        var bad = await PostAsync(other, "/api/wallet/me/top-ups", new { amount = 0, currency = "RWF", cardNumber = "1234", expMonth = 13, expYear = 2020, cvc = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var fields = (await bad.Json()).GetProperty("errors");
        foreach (var field in new[] { "amount", "cardNumber", "expMonth", "cvc" }) Assert.True(fields.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Payouts_hold_the_amount_settle_once_with_the_provider_and_release_it_when_refused()
    {
        var (vendor, vendorId) = await ShopTestKit.NewPersonAsync(App, "wallet-vendor");
        var admin = await App.AdminAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(vendor, "/api/wallet/me/payouts", new { amount = 1_000, currency = "RWF", destination = "+250788123456" })).StatusCode);

        var account = (await (await admin.PostAsJsonAsync("/api/wallet/accounts", new { ownerType = "vendor", ownerId = vendorId, currency = "RWF" })).Json()).GetProperty("accountId").GetString()!;
        var bank = (await (await admin.PostAsJsonAsync("/api/wallet/accounts", new { ownerType = "external", ownerId = "sales", currency = "RWF" })).Json()).GetProperty("accountId").GetString()!;
        (await admin.PostAsJsonAsync("/api/wallet/transfers", new { reference = "sales-1", debitAccountId = bank, creditAccountId = account, amount = 5_000, currency = "RWF", type = "purchase" })).EnsureSuccessStatusCode();

        // Twenty payouts of 1,000 at once out of 5,000: exactly five are held.
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostAsync(vendor, "/api/wallet/me/payouts", new { amount = 1_000, currency = "RWF", destination = "+250 788 123 456" })));
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var held = await WalletAsync(vendor, "vendor");
        // All five are held (the payout worker may already have paid some: paid ones left the balance and the hold).
        Assert.Equal(0L, held.GetProperty("available").GetInt64());
        Assert.Equal(held.GetProperty("balance").GetInt64(), held.GetProperty("pendingDebits").GetInt64());
        var payout = await answers.First(a => a.StatusCode == HttpStatusCode.Created).Json();
        Assert.Equal("+•••3456", payout.GetProperty("destination").GetString());

        await SettlePayoutsAsync(vendor); // the payout worker may have settled some already: each is settled once either way
        Assert.Equal(0, await SettlePayoutsAsync(vendor));
        var paid = await WalletAsync(vendor, "vendor");
        Assert.Equal((0L, 0L), (paid.GetProperty("balance").GetInt64(), paid.GetProperty("pendingDebits").GetInt64()));
        var mine = await (await vendor.GetAsync("/api/wallet/me/payouts")).Json();
        Assert.Equal(5, mine.GetProperty("items").GetArrayLength());
        Assert.All(mine.GetProperty("items").EnumerateArray(), p => Assert.Equal("paid", p.GetProperty("status").GetString()));

        // A refused payout releases its hold.
        (await admin.PostAsJsonAsync("/api/wallet/transfers", new { reference = "sales-2", debitAccountId = bank, creditAccountId = account, amount = 2_000, currency = "RWF", type = "purchase" })).EnsureSuccessStatusCode();
        var refused = await PostAsync(vendor, "/api/wallet/me/payouts", new { amount = 2_000, currency = "RWF", destination = "+250788120000" });
        Assert.Equal(HttpStatusCode.Created, refused.StatusCode);
        await SettlePayoutsAsync(vendor);
        var back = await WalletAsync(vendor, "vendor");
        Assert.Equal((2_000L, 0L), (back.GetProperty("balance").GetInt64(), back.GetProperty("pendingDebits").GetInt64()));
        var all = await (await admin.GetAsync("/api/wallet/payouts?status=failed")).Json();
        Assert.Contains("closed", Assert.Single(all.GetProperty("items").EnumerateArray()).GetProperty("failureMessage").GetString());

        var badDestination = await PostAsync(vendor, "/api/wallet/me/payouts", new { amount = 100, currency = "RWF", destination = "DE00 1234" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badDestination.StatusCode);
        Assert.True((await badDestination.Json()).GetProperty("errors").TryGetProperty("destination", out _));
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(vendor, "/api/wallet/me/payouts", new { amount = 100, currency = "RWF", destination = "DE89 3704 0044 0532 0130 00" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await vendor.GetAsync("/api/wallet/payouts")).StatusCode);
        await AssertBalancedAsync(admin);
    }
}

public sealed class WalletFundingTests_Sqlite() : WalletFundingTests(Db.Sqlite);

public sealed class WalletFundingTests_Postgres() : WalletFundingTests(Db.Postgres);
