using System.Data.Common;
using Ecosystem.Analytics.Data;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Ecosystem.Analytics.Ingestion;

/// <summary>
/// The SQLite ingestion inbox (ADR 0010): accepted events are appended to <c>analytics_events_inbox</c> (no secondary
/// index) in the acknowledging commit, and moved into the indexed <c>analytics_events</c> in large transactions — by the writer every few hundred milliseconds or tens of thousands of events, and by any reader
/// first (<see cref="CatchUpAsync"/>), so a read never misses an acknowledged event. On PostgreSQL the writer inserts
/// into the events table directly and the inbox stays empty.
/// </summary>
internal sealed class EventInbox(AnalyticsDbContext db, Transactions transactions)
{
    public static bool IsUsed(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite;

    /// <summary>Read barrier: when this returns, every event acknowledged before the call is in the events table.</summary>
    public async Task CatchUpAsync(CancellationToken ct)
    {
        if (!IsUsed(db.Provider)) return;
        if (!await db.Set<InboxedEvent>().AnyAsync(ct).ConfigureAwait(false)) return;
        await MoveAllAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Moves the whole inbox in one write transaction.</summary>
    public async Task MoveAllAsync(CancellationToken ct)
    {
        using (await transactions.HoldWriterAsync(ct).ConfigureAwait(false))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            await MoveAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), ct).ConfigureAwait(false);
            await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The move, in arrival order. ON CONFLICT only guards a crash-recovered inbox; the writer already dropped
    /// duplicates before acknowledging. Not sorted by (user, time) any more (ADR 0013): each index's inserts land on its
    /// last leaf per key (the time grows), a small hot set that stays cached in any order, and SQLite's sorter was
    /// 2–4 µs per row of the writer's serial time.
    /// </summary>
    internal const string MoveSql = $"INSERT INTO analytics_events ({AnalyticsSql.EventColumns}) SELECT {AnalyticsSql.EventColumns} FROM analytics_events_inbox " +
        "WHERE true ON CONFLICT (event_id) DO NOTHING";

    internal const string ClearSql = "DELETE FROM analytics_events_inbox";

    private static async Task<int> MoveAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = MoveSql + "; " + ClearSql + ";";
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
