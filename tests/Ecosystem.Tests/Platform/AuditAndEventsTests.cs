using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Outbox;
using Ecosystem.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Platform;

public abstract class AuditAndEventsTests(Db db) : AppTest(db)
{
    internal static async Task<List<JsonElement>> EventsAsync(HttpClient admin, string userId, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var events = (await (await admin.GetAsync($"/api/events?userEcosystemId={userId}&limit=200")).Json()).GetProperty("items").EnumerateArray().ToList();
            if (events.Count >= atLeast || DateTime.UtcNow > deadline) return events;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Every_card_state_change_writes_one_audit_row_with_a_diff_and_one_event()
    {
        var user = await App.UserAsync();
        var id = (await (await user.GetAsync("/api/me")).Json()).GetProperty("userEcosystemId").GetString()!;
        using (var journey = new HttpRequestMessage(HttpMethod.Post, "/api/cards/me/signature") { Content = JsonContent.Create(new { signatureText = "I agree" }) })
        {
            journey.Headers.Add("X-Journey-Id", "jny_test_journey_1");
            Assert.Equal(HttpStatusCode.OK, (await user.SendAsync(journey)).StatusCode);
        }

        await user.PostAsJsonAsync("/api/cards/me/purchases", new { amount = 1_000, merchant = "Books" });
        await user.PostAsJsonAsync("/api/cards/me/purchases", new { amount = 9_000_000 });
        await user.PostAsync("/api/cards/me/raise-limit", null);
        await user.PostAsync("/api/cards/me/reset", null);

        var admin = await App.AdminAsync();
        var audit = (await (await admin.GetAsync($"/api/admin/audit?targetType=card&targetId={id}&limit=200")).Json()).GetProperty("items").EnumerateArray().ToList();
        var actions = audit.Select(a => a.GetProperty("action").GetString()).Reverse().ToList();
        Assert.Equal(
            ["credit-card.offer.created", "credit-card.onboarding.signed", "credit-card.purchase.approved", "credit-card.purchase.declined", "credit-card.limit.raised", "credit-card.account.reset"],
            actions);

        var raised = audit.Single(a => a.GetProperty("action").GetString() == "credit-card.limit.raised");
        Assert.Equal(id, raised.GetProperty("actorId").GetString());
        var changes = raised.GetProperty("changes");
        Assert.Equal(500_000, changes.GetProperty("currentLimit").GetProperty("from").GetInt64());
        Assert.Equal(750_000, changes.GetProperty("currentLimit").GetProperty("to").GetInt64());
        var signed = audit.Single(a => a.GetProperty("action").GetString() == "credit-card.onboarding.signed");
        Assert.Equal("preapproved", signed.GetProperty("changes").GetProperty("status").GetProperty("from").GetString());
        Assert.Equal("jny_test_journey_1", signed.GetProperty("journeyId").GetString());

        var events = await EventsAsync(admin, id, 7);
        string[] names = ["com.ecosystem.credit-card.onboarding.signed", "com.ecosystem.credit-card.purchase.simulated", "com.ecosystem.credit-card.limit.raised", "com.ecosystem.credit-card.account.reset"];
        Assert.Equal(1, events.Count(e => e.GetProperty("eventName").GetString() == names[0]));
        Assert.Equal(2, events.Count(e => e.GetProperty("eventName").GetString() == names[1]));
        Assert.Equal(1, events.Count(e => e.GetProperty("eventName").GetString() == names[2]));
        Assert.Equal(1, events.Count(e => e.GetProperty("eventName").GetString() == names[3]));
        Assert.Equal(1, events.Count(e => e.GetProperty("eventName").GetString() == "com.ecosystem.user.session.logged_in"));
        foreach (var e in events.Where(e => names.Contains(e.GetProperty("eventName").GetString())))
        {
            Assert.Equal("web", e.GetProperty("channel").GetString());
            Assert.Equal("user", e.GetProperty("actorRole").GetString());
            Assert.False(string.IsNullOrEmpty(e.GetProperty("journeyId").GetString()));
        }

        var declined = events.Single(e => e.GetProperty("eventName").GetString() == names[1] && !e.GetProperty("metadata").GetProperty("approved").GetBoolean());
        Assert.Equal("INSUFFICIENT_LIMIT", declined.GetProperty("metadata").GetProperty("reason").GetString());
        Assert.Equal(9_000_000, declined.GetProperty("metadata").GetProperty("amount").GetInt64());
        Assert.StartsWith("pur_", declined.GetProperty("metadata").GetProperty("purchaseId").GetString());
        Assert.Equal("jny_test_journey_1", events.Single(e => e.GetProperty("eventName").GetString() == names[0]).GetProperty("journeyId").GetString());
    }

    [Fact]
    public async Task Failed_business_requests_write_no_audit_row_and_no_event()
    {
        var user = await App.UserAsync();
        var before = await CountsAsync();
        await user.PostAsJsonAsync("/api/cards/me/purchases", new { amount = 100 });          // not onboarded
        await user.PostAsJsonAsync("/api/cards/me/signature", new { signatureText = "nope" }); // wrong text
        await user.PostAsync("/api/cards/me/raise-limit", null);                               // not onboarded
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task The_audit_log_cannot_be_rewritten()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        await Assert.ThrowsAnyAsync<Exception>(() => platform.AuditLog.ExecuteUpdateAsync(s => s.SetProperty(a => a.Action, "tampered")));
        await Assert.ThrowsAnyAsync<Exception>(() => platform.AuditLog.ExecuteDeleteAsync());
    }

    private async Task<(int Audit, int Outbox)> CountsAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return (await platform.AuditLog.CountAsync(), await platform.Outbox.CountAsync());
    }
}

public sealed class AuditAndEventsTests_Sqlite() : AuditAndEventsTests(Db.Sqlite);

public sealed class AuditAndEventsTests_Postgres() : AuditAndEventsTests(Db.Postgres);

/// <summary>The relay's delivery fails once; the event must arrive on the retry, stored exactly once.</summary>
public abstract class OutboxRetryTests(Db db) : AppTest(db)
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly FailOnce failOnce = new();

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, services: s =>
    {
        EcosystemApp.UseClock(s, clock);
        var original = s.Where(d => d.ServiceType == typeof(IOutboxConsumer)).ToList();
        foreach (var d in original) s.Remove(d);
        s.AddScoped<IOutboxConsumer>(sp => new FailingFirstConsumer(failOnce, original.Select(d => (IOutboxConsumer)(d.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, d.ImplementationType!))).ToList()));
    });

    [Fact]
    public async Task Nothing_is_lost_when_delivery_fails_once_the_event_arrives_on_retry()
    {
        // The demo seed's events must be delivered first, or the armed failure could hit their batch instead.
        for (var i = 0; i < 1_200; i++)
        {
            await using var scope = App.Services.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Outbox.AnyAsync(m => m.DeliveredAt == null)) break;
            await Task.Delay(50);
        }

        failOnce.Armed = true;
        var user = await App.UserAsync();
        var relay = App.Services.GetRequiredService<OutboxRelay>();
        OutboxMessage? pending = null;
        for (var i = 0; i < 100 && pending?.Attempts != 1; i++)
        {
            await relay.RelayOnceAsync(CancellationToken.None);   // fails here or in the background relay
            await using var scope = App.Services.CreateAsyncScope();
            var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            pending = await platform.Outbox.AsNoTracking().Where(m => m.EventName == "com.ecosystem.user.session.logged_in").SingleAsync();
            if (pending.Attempts != 1) await Task.Delay(50);
        }

        Assert.True(failOnce.Failed);
        Assert.Null(pending!.DeliveredAt);
        Assert.Equal(1, pending.Attempts);
        Assert.Contains("simulated delivery failure", pending.LastError);

        clock.Advance(TimeSpan.FromSeconds(5));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            await relay.RelayOnceAsync(CancellationToken.None);
            await using var scope = App.Services.CreateAsyncScope();
            var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            if (await platform.Outbox.AnyAsync(m => m.EventName == "com.ecosystem.user.session.logged_in" && m.DeliveredAt != null)) break;
        }

        var admin = await App.AdminAsync();
        var id = (await (await user.GetAsync("/api/me")).Json()).GetProperty("userEcosystemId").GetString()!;
        var events = await AuditAndEventsTests.EventsAsync(admin, id, 1);
        Assert.Single(events, e => e.GetProperty("eventName").GetString() == "com.ecosystem.user.session.logged_in");
    }

    public sealed class FailOnce
    {
        public volatile bool Armed;
        public volatile bool Failed;
    }

    private sealed class FailingFirstConsumer(FailOnce state, IReadOnlyList<IOutboxConsumer> inner) : IOutboxConsumer
    {
        public async Task ConsumeAsync(IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken)
        {
            // Fails the batch that carries the login event, not one of the background workers' (demo campaigns, payouts).
            if (state.Armed && !state.Failed && events.Any(e => e.EventName == "com.ecosystem.user.session.logged_in"))
            {
                state.Failed = true;
                throw new InvalidOperationException("simulated delivery failure");
            }

            foreach (var consumer in inner) await consumer.ConsumeAsync(events, cancellationToken);
        }
    }
}

public sealed class OutboxRetryTests_Sqlite() : OutboxRetryTests(Db.Sqlite);

public sealed class OutboxRetryTests_Postgres() : OutboxRetryTests(Db.Postgres);
