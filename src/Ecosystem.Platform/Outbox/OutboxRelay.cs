using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Platform.Outbox;

/// <summary>Wakes the relay right after a commit that wrote events, so delivery does not wait for the next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        if (signal.CurrentCount == 0)
        {
            try { signal.Release(); }
            catch (SemaphoreFullException) { /* already signalled by a concurrent commit: one wake-up is enough */ }
        }
    }

    internal Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);
}

/// <summary>
/// Delivers outbox rows to every <see cref="IOutboxConsumer"/>. Rows are claimed with a lease (and
/// <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL) so several instances can run it; a failed delivery is retried with
/// exponential backoff and its error is kept on the row. Delivery is at-least-once; consumers deduplicate by event id.
/// </summary>
public sealed partial class OutboxRelay(IServiceScopeFactory scopes, OutboxSignal signal, StartupState startup, TimeProvider time, ILogger<OutboxRelay> logger) : BackgroundService
{
    internal const int BatchSize = 500;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private readonly string instance = Ids.New("rly", time)[..20];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // In demo mode, start relaying once the demo data is in: the relay's first use of its queries would otherwise
        // compete for the CPU with seeding, which /health/ready waits for. Events written meanwhile wait that long.
        try { await startup.WhenDemoDataSeededAsync(stoppingToken).ConfigureAwait(false); }
        catch (OperationCanceledException) { return; }

        while (!stoppingToken.IsCancellationRequested)
        {
            int delivered;
            try
            {
                delivered = await RelayOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRelayFailed(logger, ex);
                delivered = 0;
            }

            if (delivered < BatchSize)
            {
                try { await signal.WaitAsync(Poll, stoppingToken).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Claims one batch of due events, delivers it and records the outcome. Returns how many were delivered.</summary>
    public async Task<int> RelayOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var gate = scope.ServiceProvider.GetRequiredService<WriteGate>();
        var now = time.UtcNowStored();

        List<OutboxMessage> batch;
        using (await gate.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var ids = await db.Outbox
                .Where(m => m.DeliveredAt == null && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
                .OrderBy(m => m.Id)
                .Select(m => m.Id)
                .Take(BatchSize)
                .ForUpdateSkipLocked()
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (ids.Count == 0) return 0;

            var until = now + Lease;
            await db.Outbox.Where(m => ids.Contains(m.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedBy, instance).SetProperty(m => m.LockedUntil, until), cancellationToken)
                .ConfigureAwait(false);
            await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            batch = await db.Outbox.AsNoTracking().Where(m => ids.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        var envelopes = batch.Select(m => m.ToEnvelope()).ToList();
        var batchIds = batch.Select(m => m.Id).ToList();
        Exception? failure = null;
        foreach (var consumer in scope.ServiceProvider.GetServices<IOutboxConsumer>())
        {
            try
            {
                await consumer.ConsumeAsync(envelopes, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure = ex;
                break;
            }
        }

        var done = time.UtcNowStored();
        using (await gate.EnterAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (failure is null)
            {
                await db.Outbox.Where(m => batchIds.Contains(m.Id) && m.LockedBy == instance)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.DeliveredAt, done).SetProperty(m => m.LockedBy, (string?)null).SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), CancellationToken.None)
                    .ConfigureAwait(false);
                return batch.Count;
            }

            LogDeliveryFailed(logger, failure, batch.Count);
            var error = failure.GetType().Name + ": " + failure.Message;
            if (error.Length > 1000) error = error[..1000];
            foreach (var message in batch)
            {
                var attempts = message.Attempts + 1;
                var next = done + Backoff(attempts);
                await db.Outbox.Where(m => m.Id == message.Id && m.LockedBy == instance)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.NextAttemptAt, next)
                        .SetProperty(m => m.LastError, error).SetProperty(m => m.LockedBy, (string?)null).SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), CancellationToken.None)
                    .ConfigureAwait(false);
            }

            return 0;
        }
    }

    /// <summary>1 s, 2 s, 4 s … capped at 5 minutes.</summary>
    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(attempts - 1, 16))));

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox relay iteration failed")]
    private static partial void LogRelayFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering {Count} outbox events failed; they will be retried")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception ex, int count);
}
