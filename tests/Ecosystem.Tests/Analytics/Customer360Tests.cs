using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecosystem.Analytics.Customers;
using Ecosystem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Ecosystem.Tests.Analytics.AnalyticsTestKit;

namespace Ecosystem.Tests.Analytics;

public abstract class Customer360Tests(Db db) : AppTest(db)
{
    [Fact]
    public async Task The_card_journey_shows_up_in_the_persons_360_within_a_second()
    {
        var user = await App.UserAsync();
        var id = (await (await user.GetAsync("/api/me")).Json()).GetProperty("userEcosystemId").GetString()!;
        await user.PostAsJsonAsync("/api/cards/me/signature", new { signatureText = "I agree" });
        await user.PostAsJsonAsync("/api/cards/me/purchases", new { amount = 2_500 });
        await user.PostAsJsonAsync("/api/cards/me/purchases", new { amount = 9_999_999 });
        var started = DateTime.UtcNow;
        await user.PostAsync("/api/cards/me/raise-limit", null);

        var view = await WaitFor360Async(user, id, v => v.GetProperty("creditCardCurrentLimit").ValueKind == JsonValueKind.Number && v.GetProperty("creditCardCurrentLimit").GetInt64() == 750_000);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(1.5), "360 lagged more than a second behind the raise");
        Assert.Equal("onboarded", view.GetProperty("creditCardStatus").GetString());
        Assert.Equal(750_000 - 2_500, view.GetProperty("creditCardAvailableLimit").GetInt64());
        Assert.Equal("USD", view.GetProperty("creditCardCurrency").GetString());
        // The demo user is also a retention customer (seeded with a failed charge) and holds demo vouchers, so those products show too.
        Assert.Equal(["credit-card", "retention", "vouchers"], view.GetProperty("products").EnumerateArray().Select(p => p.GetString()));
        var counters = view.GetProperty("counters");
        Assert.Equal(2, counters.GetProperty("purchases").GetInt64());
        Assert.Equal(1, counters.GetProperty("approvedPurchases").GetInt64());
        Assert.Equal(1, counters.GetProperty("logins").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, view.GetProperty("lastTransactionAt").ValueKind);
        Assert.InRange(view.GetProperty("engagementScore").GetInt32(), 1, 100);

        var admin = await App.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/customers/{id}/360")).StatusCode);
        var adminId = (await (await admin.GetAsync("/api/me")).Json()).GetProperty("userEcosystemId").GetString();
        var other = await user.GetAsync($"/api/customers/{adminId}/360");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/customers")).StatusCode);
    }

    [Fact]
    public async Task The_rebuild_equals_the_incremental_view_after_a_random_stream_with_duplicates_and_disorder()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var source = Source(App, key);
        var random = new Random(20261122);
        var now = DateTimeOffset.UtcNow;
        var people = Enumerable.Range(0, 12).Select(i => $"usr_rand_{i:00}").ToArray();
        var events = new List<object>();
        for (var i = 0; i < 900; i++)
        {
            var person = people[random.Next(people.Length)];
            var at = now.AddMinutes(-random.Next(0, 60 * 24 * 25)).AddMilliseconds(-random.Next(1000));
            var id = $"rnd-{i}";
            events.Add(random.Next(6) switch
            {
                0 => new { eventId = id, eventName = "com.ecosystem.credit-card.purchase.simulated", occurredAt = at, userEcosystemId = person, metadata = new { purchaseId = "pur_" + i, amount = random.Next(1, 5000), approved = random.Next(2) == 0, card = new { status = "onboarded", currentLimit = 500_000 + random.Next(3) * 250_000, availableLimit = random.Next(0, 500_000), currency = "USD" } } },
                1 => new { eventId = id, eventName = "com.ecosystem.credit-card.onboarding.signed", occurredAt = at, userEcosystemId = person, metadata = new { signatureId = "sig_" + i, card = new { status = "onboarded", currentLimit = 500_000, availableLimit = 500_000, currency = "USD" } } },
                2 => new { eventId = id, eventName = "com.ecosystem.credit-card.offer.viewed", occurredAt = at, userEcosystemId = person, metadata = new { } },
                3 => new { eventId = id, eventName = "com.ecosystem.user.session.logged_in", occurredAt = at, userEcosystemId = person, metadata = new { sessionKind = "cookie" } },
                _ => (object)new { eventId = id, eventName = "com.ecosystem.shell.navigation.clicked", occurredAt = at, userEcosystemId = person, metadata = new { target = "t" + random.Next(5) } },
            });
        }

        // Same timestamp on two card events of one person: the tie is broken by event id in both paths.
        var tie = now.AddHours(-1);
        events.Add(new { eventId = "tie-a", eventName = "com.ecosystem.credit-card.account.reset", occurredAt = tie, userEcosystemId = people[0], metadata = new { full = true, card = new { status = "preapproved", currentLimit = 500_000, availableLimit = 500_000, currency = "USD" } } });
        events.Add(new { eventId = "tie-b", eventName = "com.ecosystem.credit-card.limit.raised", occurredAt = tie, userEcosystemId = people[0], metadata = new { fromLimit = 500_000, toLimit = 750_000, card = new { status = "onboarded", currentLimit = 750_000, availableLimit = 700_000, currency = "USD" } } });

        var shuffled = events.OrderBy(_ => random.Next()).ToList();
        var resent = shuffled.Take(200).OrderBy(_ => random.Next()).ToList();
        foreach (var chunk in shuffled.Concat(resent).Chunk(137))
        {
            Assert.Equal(HttpStatusCode.OK, (await PostBatchAsync(source, chunk)).StatusCode);
        }

        IReadOnlyList<string> incremental, rebuilt;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            incremental = await scope.ServiceProvider.GetRequiredService<Customer360Queries>().CanonicalAsync(CancellationToken.None);
        }

        var output = new StringWriter();
        Assert.Equal(0, await Ecosystem.Host.Cli.RunAsync(App.Services, ["customer360", "rebuild"], output));
        Assert.Contains($"Rebuilt Customer 360 for {incremental.Count} people from", output.ToString());
        Assert.Contains("100%", output.ToString());
        await using (var scope = App.Services.CreateAsyncScope())
        {
            rebuilt = await scope.ServiceProvider.GetRequiredService<Customer360Queries>().CanonicalAsync(CancellationToken.None);
        }

        Assert.Equal(12, incremental.Count(r => r.StartsWith("usr_rand_", StringComparison.Ordinal)));
        Assert.Equal(incremental, rebuilt);

        var admin = await App.AdminAsync();
        var first = await (await admin.GetAsync($"/api/customers/{people[0]}/360")).Json();
        Assert.Equal(events.Count(e => ((dynamic)e).userEcosystemId == people[0]), first.GetProperty("counters").GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task The_360_list_filters_sorts_and_pages()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var source = Source(App, key);
        var now = DateTimeOffset.UtcNow;
        var batch = new List<object>();
        for (var p = 0; p < 5; p++)
        {
            for (var n = 0; n <= p * 3; n++) batch.Add(Nav($"lst-{p}-{n}", $"usr_list_{p}", now.AddMinutes(-(10 * p) - n)));
        }

        batch.Add(new { eventId = "lst-card", eventName = "com.ecosystem.credit-card.offer.created", occurredAt = now, userEcosystemId = "usr_list_2", metadata = new { preapprovedLimit = 100, currency = "USD", card = new { status = "preapproved", currentLimit = 100, availableLimit = 100, currency = "USD" } } });
        await PostBatchAsync(source, batch);

        var admin = await App.AdminAsync();
        var byScore = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await admin.GetAsync($"/api/customers?sort=engagementScore&limit=2{(cursor is null ? "" : "&cursor=" + cursor)}")).Json();
            byScore.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("userEcosystemId").GetString()!).Where(i => i.StartsWith("usr_list_", StringComparison.Ordinal)));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(["usr_list_4", "usr_list_3", "usr_list_2", "usr_list_1", "usr_list_0"], byScore);

        var cards = await (await admin.GetAsync("/api/customers?product=credit-card&creditCardStatus=preapproved")).Json();
        Assert.Equal(["usr_list_2"], cards.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("userEcosystemId").GetString()).Where(i => i!.StartsWith("usr_list_", StringComparison.Ordinal)));
        var scored = await (await admin.GetAsync("/api/customers?minScore=100")).Json();
        Assert.Empty(scored.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.GetAsync("/api/customers?sort=name")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.GetAsync("/api/customers?minScore=101")).StatusCode);
        var hostile = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes("9223372036854775807|usr_x"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/customers?sort=firstSeenAt&cursor={hostile}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/events?cursor={hostile}")).StatusCode);
        var garbage = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes("abc|"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.GetAsync($"/api/events?cursor={garbage}")).StatusCode);
    }
}

public sealed class Customer360Tests_Sqlite() : Customer360Tests(Db.Sqlite);

public sealed class Customer360Tests_Postgres() : Customer360Tests(Db.Postgres);
