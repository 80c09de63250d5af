using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ecosystem.Tests.Infrastructure;

/// <summary>
/// Row counts per table and a checksum over every row of every table, read straight from the database (SQLite or
/// PostgreSQL): two equal snapshots mean nothing was written in between. New modules' tables are included by themselves.
/// </summary>
public sealed record DatabaseSnapshot(IReadOnlyDictionary<string, long> Rows, string Checksum)
{
    public static async Task<DatabaseSnapshot> TakeAsync(string connectionString)
    {
        var sqlite = connectionString.StartsWith("Data Source=", StringComparison.Ordinal);
        await using DbConnection c = sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        var tables = new List<string>();
        await using (var list = c.CreateCommand())
        {
            list.CommandText = sqlite
                ? "SELECT '\"' || name || '\"' FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                : "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1";
            await using var r = await list.ExecuteReaderAsync();
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        }

        // An event is stored whether it waits in the SQLite ingestion inbox or was moved into the events table (ADR 0010):
        // the two count as one table, so the writer's move between snapshots is not a change.
        const string eventColumns = "event_id, event_name, occurred_at, received_at, user_ecosystem_id, anonymous_id, journey_id, channel, actor_role, source, write_key_id, metadata, context";
        var inboxed = tables.Remove("\"analytics_events_inbox\"");
        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        using var total = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            var rowHashes = new List<string>();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = inboxed && table == "\"analytics_events\""
                ? $"SELECT {eventColumns} FROM analytics_events UNION ALL SELECT {eventColumns} FROM analytics_events_inbox"
                : $"SELECT * FROM {table}";
            await using var r = await cmd.ExecuteReaderAsync();
            // A session's last-seen time is bookkeeping the authentication writes at most once a minute on any request
            // (ADR 0004), not a change a request made: it is left out, or a long suite sees a minute roll over.
            var sessions = table.Contains("sessions", StringComparison.Ordinal);
            var line = new StringBuilder();
            while (await r.ReadAsync())
            {
                line.Clear();
                for (var i = 0; i < r.FieldCount; i++)
                {
                    if (sessions && r.GetName(i) == "last_seen_at") continue;
                    var v = r.GetValue(i);
                    line.Append(v switch { byte[] b => Convert.ToHexString(b), DBNull => "\u2400", IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture), _ => v.ToString() }).Append('\u241F');
                }

                rowHashes.Add(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(line.ToString()))));
            }

            rows[table] = rowHashes.Count;
            rowHashes.Sort(StringComparer.Ordinal);
            total.AppendData(Encoding.UTF8.GetBytes(table + ":" + string.Join(",", rowHashes) + "\n"));
        }

        return new DatabaseSnapshot(rows, Convert.ToHexString(total.GetHashAndReset()));
    }

    /// <summary>
    /// Waits until the outbox is drained and two snapshots in a row agree, so background work (the outbox relay feeding
    /// the event store, the ingestion writer) is not mistaken for a write of the request under test.
    /// </summary>
    public static async Task<DatabaseSnapshot> SettledAsync(string connectionString, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (await PendingOutboxAsync(connectionString) > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        var last = await TakeAsync(connectionString);
        while (true)
        {
            await Task.Delay(100);
            var next = await TakeAsync(connectionString);
            if ((next.Checksum == last.Checksum && await PendingOutboxAsync(connectionString) == 0) || DateTime.UtcNow > deadline) return next;
            last = next;
        }
    }

    private static async Task<long> PendingOutboxAsync(string connectionString)
    {
        var sqlite = connectionString.StartsWith("Data Source=", StringComparison.Ordinal);
        await using DbConnection c = sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM {(sqlite ? "platform_outbox" : "platform.outbox")} WHERE delivered_at IS NULL";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    /// <summary>The tables whose row counts differ, for a readable failure message.</summary>
    public string Diff(DatabaseSnapshot other) =>
        string.Join(", ", Rows.Keys.Union(other.Rows.Keys).Where(t => Rows.GetValueOrDefault(t) != other.Rows.GetValueOrDefault(t)).Select(t => $"{t}: {Rows.GetValueOrDefault(t)}→{other.Rows.GetValueOrDefault(t)}")) is { Length: > 0 } d
            ? d
            : "same row counts, different contents";
}
