using System.Net;
using System.Net.Http.Json;
using Ecosystem.Tests.Infrastructure;

namespace Ecosystem.Tests.Cards;

public abstract class CardConcurrencyTests(Db db) : AppTest(db)
{
    [Fact]
    public async Task Two_hundred_parallel_purchases_never_overspend_and_available_equals_current_minus_approved()
    {
        var user = await App.UserAsync();
        await user.PostAsJsonAsync("/api/cards/me/signature", new { signatureText = "I agree" });
        var random = new Random(42);
        var amounts = Enumerable.Range(0, 200).Select(_ => (long)random.Next(1_000, 10_000)).ToList();
        var budget = (await (await user.GetAsync("/api/cards/me")).Json()).GetProperty("currentLimit").GetInt64();
        Assert.Equal(500_000, budget);

        var outcome = await SpendHarness.AssertNeverOverspendAsync(
            amounts.Count,
            budget,
            i => user.PostAsJsonAsync("/api/cards/me/purchases", new { amount = amounts[i] }),
            async r =>
            {
                Assert.Equal(HttpStatusCode.Created, r.StatusCode);
                var body = await r.Json();
                return body.GetProperty("approved").GetBoolean() ? body.GetProperty("amount").GetInt64() : null;
            },
            async () => (await (await user.GetAsync("/api/cards/me")).Json()).GetProperty("availableLimit").GetInt64());
        Assert.True(outcome.Declined > 0, "the run never reached the limit, so it proved nothing");

        var stored = new List<System.Text.Json.JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await user.GetAsync($"/api/cards/me/purchases?limit=200{(cursor is null ? "" : "&cursor=" + cursor)}")).Json();
            stored.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(200, stored.Count);
        Assert.Equal(outcome.ApprovedTotal, stored.Where(p => p.GetProperty("approved").GetBoolean()).Sum(p => p.GetProperty("amount").GetInt64()));
    }

    [Fact]
    public async Task The_same_Idempotency_Key_sent_20_times_in_parallel_makes_one_purchase()
    {
        var user = await App.UserAsync();
        await user.PostAsJsonAsync("/api/cards/me/signature", new { signatureText = "I agree" });

        async Task<long> Purchases() => (await (await user.GetAsync("/api/cards/me/purchases")).Json()).GetProperty("items").GetArrayLength();
        var first = await IdempotencyHarness.AssertOneEffectAsync(
            new IdempotentCall(user, HttpMethod.Post, "/api/cards/me/purchases", """{"amount":2500}""", """{"amount":9999}""", "order-7"), 20, Purchases);
        Assert.StartsWith("pur_", first.GetProperty("purchaseId").GetString());

        Assert.Equal(1, await Purchases());
        var card = await (await user.GetAsync("/api/cards/me")).Json();
        Assert.Equal(500_000 - 2_500, card.GetProperty("availableLimit").GetInt64());
    }

    [Fact]
    public async Task The_same_Idempotency_Key_sent_10_times_in_parallel_raises_the_limit_once()
    {
        var user = await App.UserAsync();
        await user.PostAsJsonAsync("/api/cards/me/signature", new { signatureText = "I agree" });
        async Task<long> Raises() => ((await (await user.GetAsync("/api/cards/me")).Json()).GetProperty("currentLimit").GetInt64() - 500_000) / 250_000;

        var card = await IdempotencyHarness.AssertOneEffectAsync(
            new IdempotentCall(user, HttpMethod.Post, "/api/cards/me/raise-limit", "{}", """{"again":true}""", "raise-1"), 10, Raises);
        Assert.Equal(750_000, card.GetProperty("currentLimit").GetInt64());
    }

    [Fact]
    public async Task Idempotency_keys_are_scoped_to_the_caller()
    {
        var user = await App.UserAsync();
        await user.PostAsJsonAsync("/api/cards/me/signature", new { signatureText = "I agree" });
        var admin = await App.AdminAsync();
        using var a = new HttpRequestMessage(HttpMethod.Post, "/api/cards/me/purchases") { Content = JsonContent.Create(new { amount = 100 }) };
        a.Headers.Add("Idempotency-Key", "shared");
        Assert.Equal(HttpStatusCode.Created, (await user.SendAsync(a)).StatusCode);
        using var b = new HttpRequestMessage(HttpMethod.Post, "/api/cards/me/purchases") { Content = JsonContent.Create(new { amount = 100 }) };
        b.Headers.Add("Idempotency-Key", "shared");
        var other = await admin.SendAsync(b);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("NO_CARD_OFFER", await other.Code());
    }
}

public sealed class CardConcurrencyTests_Sqlite() : CardConcurrencyTests(Db.Sqlite);

public sealed class CardConcurrencyTests_Postgres() : CardConcurrencyTests(Db.Postgres);
