using Ecosystem.Analytics.Customers;
using Ecosystem.Analytics.Data;
using Ecosystem.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Analytics.Ingestion;

/// <summary>
/// SQLite (ADR 0013): the ingestion writer's own connection, opened once, with its statements prepared once and
/// re-executed per row with positional parameters. Events go to the inbox (ADR 0010); ids already moved into the
/// events table are found with a point lookup on its primary key. The writer holds the <see cref="WriteGate"/>
/// exclusively while a batch is open, so no other transaction interleaves.
/// </summary>
internal sealed class SqliteIngestionStore : IDisposable
{
    private const string CustomerColumns = AnalyticsSql.CustomerColumns;

    private readonly SqliteConnection connection;
    private readonly SqliteStatement eventExists;
    private readonly SqliteStatement insertInbox;
    private readonly SqliteStatement resolveAnonymous;
    private readonly SqliteStatement insertLink;
    private readonly SqliteStatement repointLinks;
    private readonly SqliteStatement linkedIds;
    private readonly SqliteStatement readEventsOf;
    private readonly SqliteStatement deleteCustomer;
    private readonly SqliteStatement insertQuarantine;
    private readonly SqliteStatement upsertStats;
    private readonly SqliteStatement readCustomer;
    private readonly SqliteStatement upsertCustomer;
    private readonly SqliteStatement moveInbox;
    private readonly SqliteStatement clearInbox;

    public SqliteIngestionStore(string connectionString)
    {
        connection = SqliteStatement.OpenOwnedConnection(connectionString);
        try
        {
            // NORMAL: a commit writes the log without flushing it while the writer holds the write gate; the writer
            // then releases the gate and answers a group's callers only once WriteGate.FlushLogAsync is done (ADR 0017),
            // so the fsync stalls neither the other writers nor its own next group. What a caller is told is stored is
            // on disk, as with FULL.
            SqliteStatement.Exec(connection, "PRAGMA synchronous = NORMAL");
            // A 64 MB page cache for this connection only: the events table's indexes take the inbox moves
            // (docs/performance.md: a bigger cache is worth 1.3–2.7× on raw inserts).
            SqliteStatement.Exec(connection, "PRAGMA cache_size = -65536");
            eventExists = new(connection, "SELECT 1 FROM analytics_events WHERE event_id = ?1");
            insertInbox = new(connection, $"INSERT INTO analytics_events_inbox ({AnalyticsSql.EventColumns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
            resolveAnonymous = new(connection, "SELECT user_ecosystem_id FROM analytics_identities WHERE anonymous_id = ?1");
            insertLink = new(connection, "INSERT INTO analytics_identities (anonymous_id, user_ecosystem_id, linked_at) VALUES (?1, ?2, ?3) ON CONFLICT (anonymous_id) DO NOTHING");
            repointLinks = new(connection, "UPDATE analytics_identities SET user_ecosystem_id = ?2 WHERE user_ecosystem_id = ?1");
            linkedIds = new(connection, "SELECT anonymous_id FROM analytics_identities WHERE user_ecosystem_id = ?1");
            // A merge reads the moved events and the inbox (this batch's events are there): UNION drops the copy a
            // crash-recovered inbox may still hold of a moved event.
            const string EventsOf = "SELECT event_id, event_name, occurred_at, user_ecosystem_id, metadata FROM {0} WHERE user_ecosystem_id IN (SELECT value FROM json_each(?1))";
            readEventsOf = new(connection, string.Format(System.Globalization.CultureInfo.InvariantCulture, EventsOf, "analytics_events") + " UNION " +
                string.Format(System.Globalization.CultureInfo.InvariantCulture, EventsOf, "analytics_events_inbox") + " ORDER BY occurred_at, event_id");
            deleteCustomer = new(connection, "DELETE FROM analytics_customer360 WHERE user_ecosystem_id = ?1");
            insertQuarantine = new(connection, "INSERT INTO analytics_quarantine (id, write_key_id, received_at, event_name, reason, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
            upsertStats = new(connection, """
                INSERT INTO analytics_event_stats AS s (event_name, count, last_seen_at) VALUES (?1, ?2, ?3)
                ON CONFLICT (event_name) DO UPDATE SET count = s.count + excluded.count,
                    last_seen_at = CASE WHEN excluded.last_seen_at > s.last_seen_at THEN excluded.last_seen_at ELSE s.last_seen_at END
                """);
            readCustomer = new(connection, $"SELECT {CustomerColumns} FROM analytics_customer360 WHERE user_ecosystem_id = ?1");
            var columns = CustomerColumns.Split(", ");
            upsertCustomer = new(connection, $"INSERT INTO analytics_customer360 ({CustomerColumns}) VALUES ({string.Join(", ", columns.Select((_, i) => "?" + (i + 1)))}) " +
                $"ON CONFLICT (user_ecosystem_id) DO UPDATE SET {string.Join(", ", columns.Skip(1).Select(c => $"{c} = excluded.{c}"))}");

            moveInbox = new(connection, EventInbox.MoveSql);
            clearInbox = new(connection, EventInbox.ClearSql);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Starts the batch's write transaction. The caller holds the write gate.</summary>
    public IIngestionBatch Begin()
    {
        SqliteStatement.Exec(connection, "BEGIN IMMEDIATE");
        return new Batch(this);
    }

    /// <summary>Moves the whole inbox into the events table in one transaction. The caller holds the write gate.</summary>
    public void MoveInbox()
    {
        SqliteStatement.Exec(connection, "BEGIN IMMEDIATE");
        try
        {
            moveInbox.Execute();
            clearInbox.Execute();
            SqliteStatement.Exec(connection, "COMMIT");
        }
        catch
        {
            Rollback();
            throw;
        }
    }

    private void Rollback()
    {
        if (SqliteStatement.InTransaction(connection)) SqliteStatement.Exec(connection, "ROLLBACK");
    }

    public void Dispose()
    {
        foreach (var s in new[] { eventExists, insertInbox, resolveAnonymous, insertLink, repointLinks, linkedIds, readEventsOf, deleteCustomer, insertQuarantine, upsertStats, readCustomer, upsertCustomer, moveInbox, clearInbox })
        {
            s?.Dispose();
        }

        connection.Dispose();
    }

    private static long Time(DateTimeOffset t) => SqliteTime.ToMicros(t);

    private static long? Time(DateTimeOffset? t) => t is null ? null : Time(t.Value);

    private static DateTimeOffset ToTime(long micros) => SqliteTime.FromMicros(micros);

    private static DateTimeOffset? ToTime(long? micros) => micros is null ? null : ToTime(micros.Value);

    private sealed class Batch(SqliteIngestionStore store) : IIngestionBatch
    {
        private bool done;

        public Task<bool[]> InsertLinksAsync(IReadOnlyList<IdentityLinkRequest> links, CancellationToken ct)
        {
            var s = store.insertLink;
            var inserted = new bool[links.Count];
            for (var i = 0; i < links.Count; i++)
            {
                s.Bind(1, links[i].AnonymousId).Bind(2, links[i].UserEcosystemId).Bind(3, Time(links[i].At)).Execute();
                inserted[i] = s.Changes == 1;
            }

            return Task.FromResult(inserted);
        }

        public Task LockLinksAsync(CancellationToken ct) => Task.CompletedTask; // the writer holds the write gate

        public Task RepointLinksAsync(string from, string to, CancellationToken ct)
        {
            store.repointLinks.Bind(1, from).Bind(2, to).Execute();
            return Task.CompletedTask;
        }

        public Task<List<string>> LinkedIdsAsync(string userEcosystemId, CancellationToken ct)
        {
            var s = store.linkedIds;
            var ids = new List<string>();
            s.Bind(1, userEcosystemId);
            try
            {
                while (s.Step()) ids.Add(s.Text(0)!);
            }
            finally
            {
                s.Reset();
            }

            return Task.FromResult(ids);
        }

        public Task<List<EventFacts>> ReadEventsOfAsync(IReadOnlyList<string> userEcosystemIds, CancellationToken ct)
        {
            var s = store.readEventsOf;
            var events = new List<EventFacts>();
            s.Bind(1, System.Text.Json.JsonSerializer.Serialize(userEcosystemIds));
            try
            {
                while (s.Step()) events.Add(new EventFacts(s.Text(0)!, s.Text(1)!, ToTime(s.Int64(2)), s.Text(3)!, s.Text(4)!));
            }
            finally
            {
                s.Reset();
            }

            return Task.FromResult(events);
        }

        public Task DeleteCustomersAsync(IReadOnlyList<string> userEcosystemIds, CancellationToken ct)
        {
            foreach (var id in userEcosystemIds) store.deleteCustomer.Bind(1, id).Execute();
            return Task.CompletedTask;
        }

        public Task<Dictionary<string, string>> ResolveAnonymousAsync(IReadOnlyList<string> anonymousIds, CancellationToken ct)
        {
            var s = store.resolveAnonymous;
            var known = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var id in anonymousIds)
            {
                s.Bind(1, id);
                try
                {
                    if (s.Step()) known[id] = s.Text(0)!;
                }
                finally
                {
                    s.Reset();
                }
            }

            return Task.FromResult(known);
        }

        public Task<bool[]> InsertEventsAsync(IReadOnlyList<IncomingEvent> events, CancellationToken ct)
        {
            var result = new bool[events.Count];
            var exists = store.eventExists;
            var insert = store.insertInbox;
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                exists.Bind(1, e.EventId);
                bool stored;
                try
                {
                    stored = exists.Step();
                }
                finally
                {
                    exists.Reset();
                }

                if (stored) continue;
                insert.Bind(1, e.EventId).Bind(2, e.EventName).Bind(3, Time(e.OccurredAt)).Bind(4, Time(e.ReceivedAt))
                    .Bind(5, e.UserEcosystemId).Bind(6, e.AnonymousId).Bind(7, e.JourneyId).Bind(8, e.Channel).Bind(9, e.ActorRole)
                    .Bind(10, e.Source).Bind(11, e.WriteKeyId).Bind(12, e.Metadata).Bind(13, e.Context).Execute();
                result[i] = true;
            }

            return Task.FromResult(result);
        }

        public Task InsertQuarantineAsync(IReadOnlyList<QuarantinedEvent> rows, CancellationToken ct)
        {
            var s = store.insertQuarantine;
            foreach (var r in rows)
            {
                s.Bind(1, r.Id).Bind(2, r.WriteKeyId).Bind(3, Time(r.ReceivedAt)).Bind(4, r.EventName).Bind(5, r.Reason).Bind(6, r.Payload).Execute();
            }

            return Task.CompletedTask;
        }

        public Task UpsertStatsAsync(IReadOnlyList<IncomingEvent> fresh, CancellationToken ct)
        {
            var s = store.upsertStats;
            foreach (var g in fresh.GroupBy(e => e.EventName, StringComparer.Ordinal))
            {
                s.Bind(1, g.Key).Bind(2, g.Count()).Bind(3, Time(g.Max(e => e.OccurredAt))).Execute();
            }

            return Task.CompletedTask;
        }

        public Task<Dictionary<string, Customer360Row>> ReadCustomersAsync(IReadOnlyList<string> userEcosystemIds, CancellationToken ct)
        {
            var s = store.readCustomer;
            var rows = new Dictionary<string, Customer360Row>(userEcosystemIds.Count, StringComparer.Ordinal);
            foreach (var id in userEcosystemIds)
            {
                s.Bind(1, id);
                try
                {
                    if (!s.Step()) continue;
                    rows[id] = new Customer360Row
                    {
                        UserEcosystemId = s.Text(0)!,
                        FirstSeenAt = ToTime(s.Int64(1)),
                        LastSeenAt = ToTime(s.Int64(2)),
                        Products = s.Text(3)!,
                        EngagementScore = (int)s.Int64(4),
                        EngagementWeeks = s.Text(5)!,
                        EventCount = s.Int64(6),
                        Statuses = s.Text(7)!,
                        Summaries = s.Text(8)!,
                        Groups = s.Text(9)!,
                    };
                }
                finally
                {
                    s.Reset();
                }
            }

            return Task.FromResult(rows);
        }

        public Task UpsertCustomersAsync(IReadOnlyList<Customer360Row> rows, CancellationToken ct)
        {
            var s = store.upsertCustomer;
            foreach (var r in rows)
            {
                s.Bind(1, r.UserEcosystemId).Bind(2, Time(r.FirstSeenAt)).Bind(3, Time(r.LastSeenAt)).Bind(4, r.Products).Bind(5, r.EngagementScore)
                    .Bind(6, r.EngagementWeeks).Bind(7, r.EventCount).Bind(8, r.Statuses).Bind(9, r.Summaries).Bind(10, r.Groups).Execute();
            }

            return Task.CompletedTask;
        }

        public Task CommitAsync(CancellationToken ct)
        {
            SqliteStatement.Exec(store.connection, "COMMIT");
            done = true;
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            if (!done) store.Rollback();
            return ValueTask.CompletedTask;
        }
    }
}
