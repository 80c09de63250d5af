using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ecosystem.Bench;

/// <summary>
/// What one authorization stores, read back from the product's own database after its run, so the ceiling writes
/// rows of the same sizes: the audit row's before/after/changes, the event's metadata and the stored answer.
/// </summary>
internal sealed record AuthorizationSample(string Scope, string AuditBefore, string AuditAfter, string AuditChanges, string OutboxMetadata, string ResponseBody, string RequestHash);

/// <summary>
/// The database's own rate for the card-purchase scenario's work: an authorization's statements, as the product
/// issues them, with no HTTP, JSON, authentication or .NET in between, on the product's database just after its run
/// (same schema, indexes and rows). The product's requests/s over this is the share of the database's capacity it
/// reaches; the rest is the product's own cost. Not included: the outbox relay's later delivery of each event.
/// <list type="bullet">
/// <item>SQLite: one connection, prepared statements, each authorization a savepoint (the Idempotency-Key look-up, the
/// conditional <c>UPDATE … RETURNING</c>, the purchase, audit and outbox rows, the key's row with its answer) and
/// <c>group</c> of them per transaction, synchronous=FULL (one log fsync per commit, as the writer loop's flusher).</item>
/// <item>PostgreSQL: pgbench (a C client) with a script of the same statements in the product's two round trips
/// (BEGIN + the conditional update; then purchase, audit, outbox, the key with its answer and COMMIT pipelined), prepared, one
/// transaction per authorization, as many clients as the scenario has connections.</item>
/// </list>
/// </summary>
internal static class AuthorizationCeiling
{
    private const long Amount = 100;

    public static AuthorizationSample ReadSample(System.Data.Common.DbConnection c, bool pg)
    {
        string T(string module, string table) => pg ? module + "." + table : module + "_" + table;
        using var audit = c.CreateCommand();
        audit.CommandText = $"SELECT before, after, changes FROM {T("platform", "audit_log")} WHERE action = 'credit-card.purchase.approved' ORDER BY id DESC LIMIT 1";
        using var a = audit.ExecuteReader();
        if (!a.Read()) throw new InvalidOperationException("No approved purchase in the product's audit log to copy.");
        var (before, after, changes) = (a.GetString(0), a.GetString(1), a.GetString(2));
        a.Close();
        using var outbox = c.CreateCommand();
        outbox.CommandText = $"SELECT metadata FROM {T("platform", "outbox")} WHERE event_name = 'com.ecosystem.credit-card.purchase.simulated' ORDER BY id DESC LIMIT 1";
        var metadata = (string)outbox.ExecuteScalar()!;
        using var key = c.CreateCommand();
        key.CommandText = $"SELECT scope, response_body, request_hash FROM {T("platform", "idempotency_keys")} WHERE scope LIKE '% POST /api/cards/me/purchases' LIMIT 1";
        using var k = key.ExecuteReader();
        if (!k.Read()) throw new InvalidOperationException("No stored Idempotency-Key answer in the product's database to copy.");
        return new AuthorizationSample(k.GetString(0), before, after, changes, metadata, k.GetString(1), k.GetString(2));
    }

    public static AuthorizationSample ReadSqliteSample(string file)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        c.Open();
        return ReadSample(c, pg: false);
    }

    public static async Task<AuthorizationSample> ReadPostgresSampleAsync(string connectionString, CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync(ct).ConfigureAwait(false);
        return ReadSample(c, pg: true);
    }

    /// <summary>SQLite: authorizations for <paramref name="seconds"/> on one connection, <paramref name="group"/> per commit.</summary>
    public static SqliteCeilingResult RunSqlite(string file, IReadOnlyList<string> cards, AuthorizationSample sample, int group, double seconds)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        c.Open();
        SqliteCeiling.Exec(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA temp_store=MEMORY;");
        using var lookup = Prepare(c, "SELECT request_hash, state, response_status, response_content_type, response_body, expires_at FROM platform_idempotency_keys WHERE scope = $1 AND key = $2", 2);
        using var update = Prepare(c, "UPDATE cards_accounts SET available_limit = available_limit - $1, updated_at = $2, version = version + 1 WHERE user_ecosystem_id = $3 AND status = 'onboarded' AND available_limit >= $1 RETURNING status, current_limit, available_limit, currency, last_reset_at", 3);
        using var purchase = Prepare(c, "INSERT INTO cards_purchases (purchase_id, user_ecosystem_id, amount, currency, merchant, approved, reason, available_after, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", 9);
        using var audit = Prepare(c, "INSERT INTO platform_audit_log (id, occurred_at, actor_id, actor_role, action, target_type, target_id, before, after, changes, journey_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)", 11);
        using var outbox = Prepare(c, "INSERT INTO platform_outbox (id, event_name, occurred_at, user_ecosystem_id, journey_id, channel, actor_role, metadata, attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9)", 9);
        using var answer = Prepare(c, "INSERT INTO platform_idempotency_keys (scope, key, request_hash, state, created_at, expires_at, response_status, response_content_type, response_body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", 9);
        using var savepoint = Prepare(c, "SAVEPOINT u", 0);
        using var release = Prepare(c, "RELEASE u", 0);

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var commits = new List<double>();
        var sw = Stopwatch.StartNew();
        long done = 0;
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            var t0 = Stopwatch.GetTimestamp();
            using var tx = c.BeginTransaction();
            foreach (var command in new[] { lookup, update, purchase, audit, outbox, answer, savepoint, release }) command.Transaction = tx;
            for (var i = 0; i < group; i++)
            {
                var card = cards[(int)((done + i) % cards.Count)];
                var now = (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10;
                var key = Guid.NewGuid().ToString("N");
                savepoint.ExecuteNonQuery();
                Run(lookup, sample.Scope, key);
                long available;
                using (var r = Bind(update, Amount, now, card).ExecuteReader())
                {
                    if (!r.Read()) throw new InvalidOperationException("The ceiling's card declined: its limit ran out.");
                    available = r.GetInt64(2);
                }

                var purchaseId = Id("pur");
                Bind(purchase, purchaseId, card, Amount, "USD", "Bench Store", 1L, DBNull.Value, available, now).ExecuteNonQuery();
                Bind(audit, Id("aud"), now, card, "user", "credit-card.purchase.approved", "card", card, sample.AuditBefore, sample.AuditAfter, sample.AuditChanges, DBNull.Value).ExecuteNonQuery();
                Bind(outbox, Id("evt"), "com.ecosystem.credit-card.purchase.simulated", now, card, DBNull.Value, "api", "user", sample.OutboxMetadata, now).ExecuteNonQuery();
                Bind(answer, sample.Scope, key, sample.RequestHash, "completed", now, now + 86_400_000_000L, 201L, "application/json", sample.ResponseBody).ExecuteNonQuery();
                release.ExecuteNonQuery();
            }

            tx.Commit();
            commits.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            done += group;
        }

        sw.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        commits.Sort();
        return new SqliteCeilingResult(done, group, sw.Elapsed.TotalSeconds, cpu, commits.ToArray());
    }

    /// <summary>PostgreSQL: pgbench with the authorization's statements; its TPS is authorizations/s.</summary>
    public static async Task<(double? Tps, string Note)> RunPgbenchAsync(string connectionString, IReadOnlyList<string> cards, AuthorizationSample sample, int clients, double seconds, CancellationToken ct)
    {
        if (Postgres.FindPgbench() is null) return (null, "pgbench not found: the authorization ceiling is unavailable");
        await using (var c = new NpgsqlConnection(connectionString))
        {
            await c.OpenAsync(ct).ConfigureAwait(false);
            await using var create = c.CreateCommand();
            create.CommandText = "DROP TABLE IF EXISTS public.bench_cards; CREATE TABLE public.bench_cards (n integer PRIMARY KEY, user_ecosystem_id text NOT NULL)";
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            for (var i = 0; i < cards.Count; i++)
            {
                await using var insert = new NpgsqlCommand("INSERT INTO public.bench_cards VALUES ($1, $2)", c) { Parameters = { new() { Value = i + 1 }, new() { Value = cards[i] } } };
                await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }

        var script = Path.Combine(Path.GetTempPath(), "ecosystem-bench-authorization-" + Guid.NewGuid().ToString("N")[..12] + ".sql");
        await File.WriteAllTextAsync(script, PgbenchScript(cards.Count, sample), ct).ConfigureAwait(false);
        try
        {
            var (tps, note) = await Postgres.PgbenchTpsAsync(connectionString, ["-n", "-M", "prepared", "-f", script], clients, seconds).ConfigureAwait(false);
            return (tps, tps is null
                ? "pgbench with the authorization's statements failed: " + note
                : "pgbench -M prepared, the authorization's statements in the product's 2 round trips, " + note);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>
    /// One authorization per pgbench transaction, with the product's two round trips (ADR 0018): BEGIN goes with the
    /// conditional update (Npgsql sends them together), then the purchase, audit and outbox rows, the key with its
    /// answer and COMMIT are one pipeline (the writes the product holds back for its commit).
    /// Ids are time-ordered like the product's UUIDv7 ids; the key is random like the harness's.
    /// </summary>
    internal static string PgbenchScript(int cards, AuthorizationSample s)
    {
        // An escape string with no colon in it: pgbench would read ":59" in a stored time as a variable.
        static string Q(string text) => "E'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal).Replace(":", "\\x3a", StringComparison.Ordinal) + "'";
        const string card = "(SELECT user_ecosystem_id FROM public.bench_cards WHERE n = :n)";
        const string id = "lpad(to_hex((extract(epoch from clock_timestamp()) * 1000000)::bigint), 16, '0') || lpad(to_hex(:r::bigint), 16, '0')";
        var scope = Q(s.Scope) + " || :client_id";
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"\\set n random(1, {cards})");
        sb.AppendLine("\\set r random(1, 9223372036854775806)");
        sb.AppendLine("\\startpipeline");
        sb.AppendLine("BEGIN;");
        sb.AppendLine(CultureInfo.InvariantCulture, $"UPDATE cards.accounts SET available_limit = available_limit - {Amount}, updated_at = now(), version = version + 1 WHERE user_ecosystem_id = {card} AND status = 'onboarded' AND available_limit >= {Amount} RETURNING status, current_limit, available_limit, currency, last_reset_at;");
        sb.AppendLine("\\endpipeline");
        sb.AppendLine("\\startpipeline");
        sb.AppendLine(CultureInfo.InvariantCulture, $"INSERT INTO cards.purchases (purchase_id, user_ecosystem_id, amount, currency, merchant, approved, reason, available_after, created_at) VALUES ('pur_' || {id}, {card}, {Amount}, 'USD', 'Bench Store', true, NULL, 0, now());");
        sb.AppendLine($"INSERT INTO platform.audit_log (id, occurred_at, actor_id, actor_role, action, target_type, target_id, before, after, changes, journey_id) VALUES ('aud_' || {id}, now(), {card}, 'user', 'credit-card.purchase.approved', 'card', {card}, {Q(s.AuditBefore)}, {Q(s.AuditAfter)}, {Q(s.AuditChanges)}, NULL);");
        sb.AppendLine($"INSERT INTO platform.outbox (id, event_name, occurred_at, user_ecosystem_id, journey_id, channel, actor_role, metadata, attempts, next_attempt_at) VALUES ('evt_' || {id}, 'com.ecosystem.credit-card.purchase.simulated', now(), {card}, NULL, 'api', 'user', {Q(s.OutboxMetadata)}, 0, now());");
        sb.AppendLine($"INSERT INTO platform.idempotency_keys (scope, key, request_hash, state, created_at, expires_at, response_status, response_content_type, response_body) VALUES ({scope}, md5(:r::text), {Q(s.RequestHash)}, 'completed', now(), now() + interval '24 hours', 201, 'application/json', {Q(s.ResponseBody)});");
        sb.AppendLine("COMMIT;");
        sb.AppendLine("\\endpipeline");
        return sb.ToString();
    }

    internal static string Id(string prefix) => prefix + "_" + Guid.CreateVersion7().ToString("N");

    internal static SqliteCommand Prepare(SqliteConnection c, string sql, int parameters)
    {
        var command = c.CreateCommand();
        command.CommandText = sql;
        for (var i = 1; i <= parameters; i++) command.Parameters.Add(new SqliteParameter("$" + i.ToString(CultureInfo.InvariantCulture), null));
        command.Prepare();
        return command;
    }

    internal static SqliteCommand Bind(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        return command;
    }

    internal static void Run(SqliteCommand command, params object[] values)
    {
        using var r = Bind(command, values).ExecuteReader();
        while (r.Read())
        {
        }
    }
}
