using System.Collections.Concurrent;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Outbox;
using Ecosystem.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Platform;

/// <summary>
/// Several relays (the background one and six more) drain the same outbox at once: every event reaches the consumers
/// exactly once and ends delivered, with no lease left behind.
/// </summary>
public abstract class OutboxRelayConcurrencyTests(Db db) : AppTest(db)
{
    private readonly ConcurrentDictionary<string, int> consumed = new();

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, services: s =>
    {
        foreach (var d in s.Where(d => d.ServiceType == typeof(IOutboxConsumer)).ToList()) s.Remove(d);
        s.AddScoped<IOutboxConsumer>(_ => new Recording(consumed));
    });

    [Fact]
    public async Task Parallel_relays_deliver_every_event_exactly_once()
    {
        var ids = new List<string>();
        for (var unit = 0; unit < 6; unit++)
        {
            await using var scope = App.Services.CreateAsyncScope();
            var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var op = scope.ServiceProvider.GetRequiredService<OperationContext>();
            var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            var transactions = scope.ServiceProvider.GetRequiredService<Transactions>();
            await transactions.RunAsync<bool>(platform, async ct =>
            {
                for (var i = 0; i < 150; i++)
                {
                    var message = OutboxMessage.Create(op, time, "com.ecosystem.test.relay.checked", null, new { unit, i });
                    ids.Add(message.Id);
                    platform.Outbox.Add(message);
                }

                await platform.SaveChangesAsync(ct);
                return true;
            }, CancellationToken.None);
        }

        var relay = App.Services.GetRequiredService<OutboxRelay>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            while (DateTime.UtcNow < deadline && ids.Any(id => !consumed.ContainsKey(id)))
            {
                if (await relay.RelayOnceAsync(CancellationToken.None) == 0) await Task.Delay(20);
            }
        })));

        Assert.All(ids, id => Assert.Equal(1, consumed.GetValueOrDefault(id)));
        await using var check = App.Services.CreateAsyncScope();
        var rows = await check.ServiceProvider.GetRequiredService<PlatformDbContext>().Outbox.AsNoTracking()
            .Where(m => m.EventName == "com.ecosystem.test.relay.checked").ToListAsync();
        Assert.Equal(ids.Count, rows.Count);
        Assert.All(rows, m =>
        {
            Assert.NotNull(m.DeliveredAt);
            Assert.Null(m.LockedBy);
            Assert.Null(m.LockedUntil);
            Assert.Equal(0, m.Attempts);
        });
    }

    private sealed class Recording(ConcurrentDictionary<string, int> consumed) : IOutboxConsumer
    {
        public Task ConsumeAsync(IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken)
        {
            foreach (var e in events) consumed.AddOrUpdate(e.EventId, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }
    }
}

public sealed class OutboxRelayConcurrencyTests_Sqlite() : OutboxRelayConcurrencyTests(Db.Sqlite);

public sealed class OutboxRelayConcurrencyTests_Postgres() : OutboxRelayConcurrencyTests(Db.Postgres);
