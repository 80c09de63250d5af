using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Ecosystem.Bench;

/// <summary>
/// A change to the raw SQLite insert, to attribute its cost: indexes dropped, extra pragmas, random (UUID) event ids as
/// Segment SDKs send them, or the product's Customer 360 read-and-upsert added to each transaction.
/// </summary>
internal sealed record SqliteVariant(string Name, string[] DropIndexes, string? Pragmas = null, bool RandomIds = false, bool Customer360 = false)
{
    public static readonly SqliteVariant Baseline = new("product schema", []);

    public static readonly SqliteVariant[] All =
    [
        Baseline,
        new("without ix (user_ecosystem_id, occurred_at)", ["ix_analytics_events_user_ecosystem_id_occurred_at"]),
        new("primary key only", ["ix_analytics_events_user_ecosystem_id_occurred_at", "ix_analytics_events_journey_id_occurred_at", "ix_analytics_events_event_name_occurred_at", "ix_analytics_events_anonymous_id"]),
        new("synchronous=NORMAL (no fsync per commit)", [], "PRAGMA synchronous=NORMAL;"),
        new("cache_size 256 MB + wal_autocheckpoint 25000", [], "PRAGMA cache_size=-262144; PRAGMA wal_autocheckpoint=25000;"),
        new("random UUID event ids", [], RandomIds: true),
        new("+ Customer 360 read and upsert per transaction", [], Customer360: true),
    ];
}

/// <summary>
/// The raw SQLite ceiling: a fresh file with the analytics migrations (the same analytics_events table and indexes,
/// read from src/Modules/Analytics/Data/Migrations/sqlite), WAL and synchronous=FULL as the product runs, and the
/// rows inserted with one prepared statement in transactions of <c>rowsPerTransaction</c>. No HTTP, no JSON, no
/// validation and (unless a variant asks) no Customer 360: what SQLite alone does on this disk.
/// </summary>
internal static class SqliteCeiling
{
    private static readonly string[] Customer360Columns =
    [
        "user_ecosystem_id", "first_seen_at", "last_seen_at", "products", "credit_card_status", "credit_card_current_limit", "credit_card_available_limit",
        "credit_card_currency", "card_as_of", "card_as_of_event_id", "engagement_score", "engagement_weeks", "last_navigation_at", "last_transaction_at",
        "event_count", "login_count", "navigation_count", "purchase_count", "approved_purchase_count",
    ];

    public static SqliteCeilingResult Run(string repoRoot, long rows, int rowsPerTransaction, int users, SqliteVariant? variant = null)
    {
        variant ??= SqliteVariant.Baseline;
        var dir = Path.Combine(Path.GetTempPath(), "ecosystem-bench-sqlite-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "ceiling.db");
            using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
            c.Open();
            Exec(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;");
            if (variant.Pragmas is not null) Exec(c, variant.Pragmas);
            var migrations = Path.Combine(repoRoot, "src", "Modules", "Analytics", "Data", "Migrations", "sqlite");
            foreach (var script in Directory.GetFiles(migrations, "*.sql").Order(StringComparer.Ordinal)) Exec(c, File.ReadAllText(script));
            foreach (var index in variant.DropIndexes) Exec(c, "DROP INDEX " + index);

            using var insert = c.CreateCommand();
            insert.CommandText = "INSERT INTO analytics_events (event_id, event_name, occurred_at, received_at, user_ecosystem_id, anonymous_id, journey_id, channel, actor_role, source, write_key_id, metadata, context) " +
                "VALUES ($a, $b, $c, $d, $e, $f, $g, $h, $i, $j, $k, $l, $m) ON CONFLICT (event_id) DO NOTHING";
            var p = "abcdefghijklm".Select(n => insert.Parameters.Add(new SqliteParameter("$" + n, null))).ToArray();
            insert.Prepare();
            using var upsert = c.CreateCommand();
            upsert.CommandText = $"INSERT INTO analytics_customer360 ({string.Join(", ", Customer360Columns)}) VALUES ({string.Join(", ", Customer360Columns.Select((_, i) => "@p" + i))}) " +
                $"ON CONFLICT (user_ecosystem_id) DO UPDATE SET {string.Join(", ", Customer360Columns.Skip(1).Select(col => $"{col} = excluded.{col}"))}";
            var u = Customer360Columns.Select((_, i) => upsert.Parameters.Add(new SqliteParameter("@p" + i, null))).ToArray();
            var eventCounts = new Dictionary<string, long>(StringComparer.Ordinal);

            var random = new Random(42);
            var run = Guid.NewGuid().ToString("N")[..8];
            var nowMicros = (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10;
            string[] targets = ["{\"target\":\"/app\"}", "{\"target\":\"/app/card\"}", "{\"target\":\"/admin/events\"}", "{\"target\":\"/app/card/purchases\"}"];
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var commits = new List<double>();
            var txUsers = new HashSet<string>(StringComparer.Ordinal);
            long done = 0;
            while (done < rows)
            {
                var t0 = Stopwatch.GetTimestamp();
                using var tx = c.BeginTransaction();
                insert.Transaction = tx;
                upsert.Transaction = tx;
                txUsers.Clear();
                var n = (int)Math.Min(rowsPerTransaction, rows - done);
                for (var i = 0; i < n; i++)
                {
                    var navigation = random.Next(10) < 7;
                    var user = "usr_bench_" + (random.Next(users) + 1).ToString("D4", CultureInfo.InvariantCulture);
                    txUsers.Add(user);
                    p[0].Value = variant.RandomIds ? Guid.NewGuid().ToString() : $"evt_bench_{run}_{(done + i).ToString("x", CultureInfo.InvariantCulture)}";
                    p[1].Value = navigation ? "com.ecosystem.shell.navigation.clicked" : "com.ecosystem.web.page.viewed";
                    p[2].Value = nowMicros + done + i;
                    p[3].Value = nowMicros + done + i;
                    p[4].Value = user;
                    p[5].Value = DBNull.Value;
                    p[6].Value = DBNull.Value;
                    p[7].Value = "server";
                    p[8].Value = DBNull.Value;
                    p[9].Value = "source";
                    p[10].Value = "wkey_bench";
                    p[11].Value = navigation ? targets[random.Next(targets.Length)] : "{}";
                    p[12].Value = DBNull.Value;
                    insert.ExecuteNonQuery();
                }

                if (variant.Customer360) UpsertCustomers(c, tx, upsert, u, txUsers, eventCounts, nowMicros + done);
                tx.Commit();
                commits.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                done += n;
            }

            sw.Stop();
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            commits.Sort();
            return new SqliteCeilingResult(rows, rowsPerTransaction, sw.Elapsed.TotalSeconds, cpu, commits.ToArray());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>What the product's writer does per commit for Customer 360: read the rows of everyone concerned, write each back.</summary>
    private static void UpsertCustomers(SqliteConnection c, SqliteTransaction tx, SqliteCommand upsert, SqliteParameter[] u, HashSet<string> users, Dictionary<string, long> counts, long now)
    {
        using (var select = c.CreateCommand())
        {
            select.Transaction = tx;
            var names = new List<string>(users.Count);
            foreach (var user in users)
            {
                var name = "@u" + names.Count.ToString(CultureInfo.InvariantCulture);
                names.Add(name);
                select.Parameters.AddWithValue(name, user);
            }

            select.CommandText = $"SELECT * FROM analytics_customer360 WHERE user_ecosystem_id IN ({string.Join(", ", names)})";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++) _ = reader.GetValue(i);
            }
        }

        foreach (var user in users)
        {
            var count = counts[user] = counts.GetValueOrDefault(user) + 1;
            object?[] values = [user, now, now, "", "none", null, null, null, null, null, (int)(count % 100), "{\"2916\":" + count.ToString(CultureInfo.InvariantCulture) + "}", now, null, count, 0L, count, 0L, 0L];
            for (var i = 0; i < values.Length; i++) u[i].Value = values[i] ?? DBNull.Value;
            upsert.ExecuteNonQuery();
        }
    }

    internal static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}

/// <summary><paramref name="TransactionMs"/>: each transaction's time (insert + commit), sorted.</summary>
internal sealed record SqliteCeilingResult(long Rows, int RowsPerTransaction, double Seconds, double CpuSeconds, double[] TransactionMs)
{
    public double RowsPerSecond => Rows / Seconds;
}
