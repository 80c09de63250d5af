using System.Diagnostics;
using Microsoft.Data.Sqlite;
using static Ecosystem.Bench.AuthorizationCeiling;

namespace Ecosystem.Bench;

/// <summary>
/// The ledger transfer's own SQL on the product's SQLite file, just after the product stopped: per transfer the
/// statements <c>LedgerService</c> runs (the reference lookup, the two accounts, the conditional debit and the credit,
/// the transfer row, the balances after, two entries, the audit row and the event), each transfer a savepoint,
/// <c>group</c> transfers per commit as the writer loop groups them. No HTTP, no JSON, no EF.
/// </summary>
internal static class LedgerCeiling
{
    public static SqliteCeilingResult RunSqlite(string file, string tenantId, IReadOnlyList<string> accounts, int group, double seconds)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        c.Open();
        SqliteCeiling.Exec(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA temp_store=MEMORY;");
        using var existing = Prepare(c, "SELECT transfer_id, amount FROM wallet_transfers WHERE tenant_id = $1 AND reference = $2 LIMIT 1", 2);
        using var pair = Prepare(c, "SELECT account_id, currency, status, owner_type, owner_id FROM wallet_accounts WHERE (account_id = $1 OR account_id = $2) AND tenant_id = $3", 3);
        using var debit = Prepare(c, "UPDATE wallet_accounts SET balance = balance - $1, updated_at = $2 WHERE account_id = $3 AND status = 'active' AND (no_overdraft = 0 OR balance - pending_debits - $1 >= 0)", 3);
        using var credit = Prepare(c, "UPDATE wallet_accounts SET balance = balance + $1, updated_at = $2 WHERE account_id = $3 AND status = 'active'", 3);
        using var transfer = Prepare(c, "INSERT INTO wallet_transfers (transfer_id, tenant_id, reference, type, debit_account_id, credit_account_id, amount, currency, status, two_phase, timeout_seconds, expires_at, metadata, chain_id, created_at, posted_at, voided_at) VALUES ($1, $2, $3, 'adjustment', $4, $5, $6, 'RWF', 'posted', 0, NULL, NULL, NULL, NULL, $7, $7, NULL)", 7);
        using var balances = Prepare(c, "SELECT account_id, balance, pending_debits, pending_credits FROM wallet_accounts WHERE account_id = $1 OR account_id = $2", 2);
        using var entry = Prepare(c, "INSERT INTO wallet_entries (entry_id, tenant_id, transfer_id, account_id, direction, amount, currency, balance_after, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'RWF', $7, $8)", 8);
        using var audit = Prepare(c, "INSERT INTO platform_audit_log (id, occurred_at, actor_id, actor_role, action, target_type, target_id, before, after, changes, journey_id) VALUES ($1, $2, $3, 'admin', 'wallet.transfer.created', 'wallet-transfer', $4, NULL, $5, $5, NULL)", 5);
        using var outbox = Prepare(c, "INSERT INTO platform_outbox (id, event_name, occurred_at, user_ecosystem_id, journey_id, channel, actor_role, metadata, attempts, next_attempt_at) VALUES ($1, 'com.ecosystem.wallet.transfer.created', $2, NULL, NULL, 'api', 'admin', $3, 0, $2)", 3);
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
            foreach (var command in new[] { existing, pair, debit, credit, transfer, balances, entry, audit, outbox, savepoint, release }) command.Transaction = tx;
            for (var i = 0; i < group; i++)
            {
                var from = accounts[(int)((done + i) % accounts.Count)];
                var to = accounts[(int)((done + i + 1) % accounts.Count)];
                var now = (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10;
                var reference = Guid.NewGuid().ToString("N");
                var id = Id("trf");
                savepoint.ExecuteNonQuery();
                Run(existing, tenantId, reference);
                Run(pair, from, to, tenantId);
                if (Bind(debit, 1L, now, from).ExecuteNonQuery() != 1) throw new InvalidOperationException("The ceiling's account ran out of money.");
                Bind(credit, 1L, now, to).ExecuteNonQuery();
                Bind(transfer, id, tenantId, reference, from, to, 1L, now).ExecuteNonQuery();
                long fromAfter = 0, toAfter = 0;
                using (var r = Bind(balances, from, to).ExecuteReader())
                {
                    while (r.Read())
                    {
                        if (r.GetString(0) == from) fromAfter = r.GetInt64(1);
                        else toAfter = r.GetInt64(1);
                    }
                }

                Bind(entry, Id("ent"), tenantId, id, from, "debit", 1L, fromAfter, now).ExecuteNonQuery();
                Bind(entry, Id("ent"), tenantId, id, to, "credit", 1L, toAfter, now).ExecuteNonQuery();
                var snapshot = $$"""{"transferId":"{{id}}","reference":"{{reference}}","amount":1,"currency":"RWF","status":"posted"}""";
                Bind(audit, Id("aud"), now, "usr_bench_admin", id, snapshot).ExecuteNonQuery();
                Bind(outbox, Id("evt"), now, snapshot).ExecuteNonQuery();
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
}
