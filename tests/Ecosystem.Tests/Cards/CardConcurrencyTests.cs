using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecosystem.Cards.Data;
using Ecosystem.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task Every_parallel_purchase_has_exactly_its_audit_row_and_its_event_and_the_card_version_counts_the_approvals()
    {
        var user = await App.UserAsync();
        var id = (await (await user.GetAsync("/api/me")).Json()).GetProperty("userEcosystemId").GetString()!;
        await user.PostAsJsonAsync("/api/cards/me/signature", new { signatureText = "I agree" });

        // 60 purchases of 12,000 against 500,000: some approved, the rest declined; half of them with an Idempotency-Key.
        var responses = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cards/me/purchases") { Content = JsonContent.Create(new { amount = 12_000, merchant = "Shop " + i }) };
            if (i % 2 == 0) request.Headers.Add("Idempotency-Key", "audit-" + i);
            var response = await user.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return await response.Json();
        }));
        var approved = responses.Count(r => r.GetProperty("approved").GetBoolean());
        Assert.Equal(500_000 / 12_000, approved);

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CardsDbContext>();
        var purchases = await db.Purchases.AsNoTracking().Where(p => p.UserEcosystemId == id).ToListAsync();
        var audits = await db.AuditLog.AsNoTracking().Where(a => a.TargetType == "card" && a.TargetId == id && a.Action.StartsWith("credit-card.purchase.")).ToListAsync();
        var events = await db.Outbox.AsNoTracking().Where(m => m.UserEcosystemId == id && m.EventName == "com.ecosystem.credit-card.purchase.simulated").ToListAsync();
        Assert.Equal(60, purchases.Count);
        Assert.Equal(60, audits.Count);
        Assert.Equal(60, events.Count);
        foreach (var p in purchases)
        {
            Assert.Equal(responses.Single(r => r.GetProperty("purchaseId").GetString() == p.PurchaseId).GetProperty("availableLimit").GetInt64(), p.AvailableAfter);
            var audit = Assert.Single(audits, a => JsonDocument.Parse(a.After!).RootElement.GetProperty("purchaseId").GetString() == p.PurchaseId);
            Assert.Equal(p.Approved ? "credit-card.purchase.approved" : "credit-card.purchase.declined", audit.Action);
            Assert.Equal(p.AvailableAfter + (p.Approved ? p.Amount : 0), JsonDocument.Parse(audit.Before!).RootElement.GetProperty("availableLimit").GetInt64());
            var after = JsonDocument.Parse(audit.After!).RootElement;
            Assert.Equal(p.AvailableAfter, after.GetProperty("availableLimit").GetInt64());
            Assert.Equal(p.Approved, after.GetProperty("approved").GetBoolean());
            Assert.Equal(id, audit.ActorId);
            Assert.Equal(p.Approved ? JsonValueKind.Object : JsonValueKind.Undefined,
                JsonDocument.Parse(audit.Changes).RootElement.TryGetProperty("availableLimit", out var changed) ? changed.ValueKind : JsonValueKind.Undefined);
            var evt = Assert.Single(events, e => JsonDocument.Parse(e.Metadata).RootElement.GetProperty("purchaseId").GetString() == p.PurchaseId);
            var metadata = JsonDocument.Parse(evt.Metadata).RootElement;
            Assert.Equal(p.Approved ? JsonValueKind.Null : JsonValueKind.String, metadata.GetProperty("reason").ValueKind);
            Assert.Equal(p.Merchant, metadata.GetProperty("merchant").GetString());
            Assert.Equal("onboarded", metadata.GetProperty("card").GetProperty("status").GetString());
            Assert.Equal(p.AvailableAfter, metadata.GetProperty("card").GetProperty("availableLimit").GetInt64());
            Assert.Equal(500_000, metadata.GetProperty("card").GetProperty("currentLimit").GetInt64());
            Assert.Equal("USD", metadata.GetProperty("card").GetProperty("currency").GetString());
        }

        var card = await db.Accounts.AsNoTracking().SingleAsync(a => a.UserEcosystemId == id);
        Assert.Equal(500_000 - (approved * 12_000), card.AvailableLimit);
        Assert.Equal(1 + approved, card.Version); // signing, then one compare-and-set per approval
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

/// <summary>An Idempotency-Key is kept 24 hours: a replay within them, a fresh request with the same key after them.</summary>
public abstract class IdempotencyExpiryTests(Db db) : AppTest(db)
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, services: s => EcosystemApp.UseClock(s, clock));

    [Fact]
    public async Task A_key_replays_for_24_hours_and_then_starts_a_new_request()
    {
        var user = await App.UserAsync();
        await user.PostAsJsonAsync("/api/cards/me/signature", new { signatureText = "I agree" });
        async Task<HttpResponseMessage> Buy(long amount)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cards/me/purchases") { Content = JsonContent.Create(new { amount }) };
            request.Headers.Add("Idempotency-Key", "expiring-key");
            return await user.SendAsync(request);
        }

        var first = await Buy(1_000);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstId = (await first.Json()).GetProperty("purchaseId").GetString();

        // Sessions expire long before keys do: the same person signs in again (keys are scoped to the person).
        clock.Advance(TimeSpan.FromHours(23));
        user = await App.UserAsync();
        var replay = await Buy(1_000);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(firstId, (await replay.Json()).GetProperty("purchaseId").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Buy(2_000)).StatusCode);

        clock.Advance(TimeSpan.FromHours(2));
        user = await App.UserAsync();
        var fresh = await Buy(2_000);
        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        Assert.False(fresh.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(firstId, (await fresh.Json()).GetProperty("purchaseId").GetString());
        var card = await (await user.GetAsync("/api/cards/me")).Json();
        Assert.Equal(500_000 - 3_000, card.GetProperty("availableLimit").GetInt64());
    }
    /// <summary>An expired key on an EF-based endpoint: the request runs afresh, not from what a rolled-back attempt left tracked.</summary>
    [Fact]
    public async Task An_expired_key_on_raise_limit_raises_again()
    {
        var user = await App.UserAsync();
        await user.PostAsJsonAsync("/api/cards/me/signature", new { signatureText = "I agree" });
        async Task<HttpResponseMessage> Raise()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cards/me/raise-limit") { Content = JsonContent.Create(new { }) };
            request.Headers.Add("Idempotency-Key", "raise-expiring");
            return await user.SendAsync(request);
        }

        var first = await Raise();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(750_000, (await first.Json()).GetProperty("currentLimit").GetInt64());

        clock.Advance(TimeSpan.FromHours(25));
        user = await App.UserAsync();
        var again = await Raise();
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1_000_000, (await again.Json()).GetProperty("currentLimit").GetInt64());
        Assert.Equal(1_000_000, (await (await user.GetAsync("/api/cards/me")).Json()).GetProperty("currentLimit").GetInt64());
    }
}

public sealed class IdempotencyExpiryTests_Sqlite() : IdempotencyExpiryTests(Db.Sqlite);

public sealed class IdempotencyExpiryTests_Postgres() : IdempotencyExpiryTests(Db.Postgres);
