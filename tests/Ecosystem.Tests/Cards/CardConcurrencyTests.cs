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

        var responses = await Task.WhenAll(amounts.Select(a => user.PostAsJsonAsync("/api/cards/me/purchases", new { amount = a })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var results = await Task.WhenAll(responses.Select(r => r.Json()));
        var approvedTotal = results.Where(r => r.GetProperty("approved").GetBoolean()).Sum(r => r.GetProperty("amount").GetInt64());
        Assert.Contains(results, r => !r.GetProperty("approved").GetBoolean());
        Assert.True(approvedTotal <= 500_000, $"approved {approvedTotal} exceeds the limit");

        var card = await (await user.GetAsync("/api/cards/me")).Json();
        Assert.Equal(card.GetProperty("currentLimit").GetInt64() - approvedTotal, card.GetProperty("availableLimit").GetInt64());

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
        Assert.Equal(approvedTotal, stored.Where(p => p.GetProperty("approved").GetBoolean()).Sum(p => p.GetProperty("amount").GetInt64()));
    }

    [Fact]
    public async Task The_same_Idempotency_Key_sent_20_times_in_parallel_makes_one_purchase()
    {
        var user = await App.UserAsync();
        await user.PostAsJsonAsync("/api/cards/me/signature", new { signatureText = "I agree" });

        async Task<HttpResponseMessage> Send(long amount)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cards/me/purchases") { Content = JsonContent.Create(new { amount }) };
            request.Headers.Add("Idempotency-Key", "order-7");
            return await user.SendAsync(request);
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Send(2_500)));
        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.NotEmpty(created);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal("IDEMPOTENCY_REQUEST_IN_PROGRESS", await conflict.Code());
        }

        var ids = (await Task.WhenAll(created.Select(r => r.Json()))).Select(j => j.GetProperty("purchaseId").GetString()).Distinct().ToList();
        Assert.Single(ids);

        var replay = await Send(2_500);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(ids[0], (await replay.Json()).GetProperty("purchaseId").GetString());

        var reused = await Send(9_999);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", await reused.Code());

        var history = await (await user.GetAsync("/api/cards/me/purchases")).Json();
        Assert.Single(history.GetProperty("items").EnumerateArray());
        var card = await (await user.GetAsync("/api/cards/me")).Json();
        Assert.Equal(500_000 - 2_500, card.GetProperty("availableLimit").GetInt64());
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
