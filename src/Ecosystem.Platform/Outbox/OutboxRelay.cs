using Ecosystem.Platform.Data;
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

    /// <summary>
    /// Under load the relay starts a cycle at most this often, so events are delivered in batches (and the write
    /// gate, the consumers and the event store see a few large batches instead of one per commit). An event written
    /// while the relay is idle is still delivered at once.
    /// </summary>
    internal static readonly TimeSpan MinCycle = TimeSpan.FromMilliseconds(50);

    private readonly string instance = Ids.New("rly", time)[..20];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // In demo mode, start relaying once the demo data is in: the relay's first use of its queries would otherwise
        // compete for the CPU with seeding, which /health/ready waits for. Events written meanwhile wait that long.
        try { await startup.WhenDemoDataSeededAsync(stoppingToken).ConfigureAwait(false); }
        catch (OperationCanceledException) { return; }

        while (!stoppingToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
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

            try
            {
                if (delivered < BatchSize) await signal.WaitAsync(Poll, stoppingToken).ConfigureAwait(false);
                var rest = MinCycle - time.GetElapsedTime(started);
                if (delivered > 0 && rest > TimeSpan.Zero) await Task.Delay(rest, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims one batch of due events, delivers it and records the outcome. Returns how many were delivered.</summary>
    public async Task<int> RelayOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var transactions = scope.ServiceProvider.GetRequiredService<Transactions>();
        var now = time.UtcNowStored();
        var until = now + Lease;

        // One statement leases the batch (lean SQL, a unit of work like any other: on SQLite it joins the writer's
        // group instead of holding the write gate alone). The lease time is this claim's mark.
        var claimed = await transactions.RunAsync(db: null, async ct =>
        {
            var sql = UnitSql.Current;
            var outbox = sql.Table("platform", "outbox");
            Result<List<(EventEnvelope Event, int Attempts)>> rows = await sql.QueryAsync(new SqlStatement(
                $"UPDATE {outbox} SET locked_by = $1, locked_until = $2 WHERE id IN (SELECT id FROM {outbox} WHERE delivered_at IS NULL AND next_attempt_at <= $3 AND (locked_until IS NULL OR locked_until < $3) ORDER BY id LIMIT $4{(sql.Provider == DatabaseProvider.Postgres ? " FOR UPDATE SKIP LOCKED" : "")}) RETURNING id, event_name, occurred_at, user_ecosystem_id, journey_id, channel, actor_role, metadata, attempts",
                instance, until, now, (long)BatchSize), ReadClaimed, ct).ConfigureAwait(false);
            return rows;
        }, notifyRelay: false, cancellationToken).ConfigureAwait(false);
        var batch = claimed.Value!;
        if (batch.Count == 0) return 0;
        batch.Sort((a, b) => string.CompareOrdinal(a.Event.EventId, b.Event.EventId));

        var envelopes = batch.ConvertAll(m => m.Event);
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
        if (failure is not null) LogDeliveryFailed(logger, failure, batch.Count);
        await transactions.RunAsync<bool>(db: null, async ct =>
        {
            var sql = UnitSql.Current;
            var outbox = sql.Table("platform", "outbox");
            if (failure is null)
            {
                // The batch's id range finds its rows by primary key; the lease marks which of them are this claim's.
                await sql.ExecuteTechnicalAsync([new SqlStatement(
                    $"UPDATE {outbox} SET delivered_at = $1, locked_by = NULL, locked_until = NULL WHERE id BETWEEN $4 AND $5 AND locked_by = $2 AND locked_until = $3",
                    done, instance, until, batch[0].Event.EventId, batch[^1].Event.EventId)], ct).ConfigureAwait(false);
                return true;
            }

            var error = failure.GetType().Name + ": " + failure.Message;
            if (error.Length > 1000) error = error[..1000];
            await sql.ExecuteTechnicalAsync(batch.ConvertAll(m => new SqlStatement(
                $"UPDATE {outbox} SET attempts = $1, next_attempt_at = $2, last_error = $3, locked_by = NULL, locked_until = NULL WHERE id = $4 AND locked_by = $5 AND locked_until = $6",
                (long)(m.Attempts + 1), done + Backoff(m.Attempts + 1), error, m.Event.EventId, instance, until)), ct).ConfigureAwait(false);
            return true;
        }, notifyRelay: false, CancellationToken.None).ConfigureAwait(false);
        return failure is null ? batch.Count : 0;
    }

    private static (EventEnvelope Event, int Attempts) ReadClaimed(ISqlRow r) => (
        new EventEnvelope(r.GetString(0), r.GetString(1), r.GetTime(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
            r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7)),
        (int)r.GetInt64(8));

    /// <summary>1 s, 2 s, 4 s … capped at 5 minutes.</summary>
    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(attempts - 1, 16))));

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox relay iteration failed")]
    private static partial void LogRelayFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering {Count} outbox events failed; they will be retried")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception ex, int count);
}
