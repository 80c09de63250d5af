using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ecosystem.EndToEnd;

/// <summary>What a crash loop did and survived.</summary>
public sealed record CrashLoopFigures(
    string Database, int Cycles, int Seed, int Purchases, int SignUps, int Events, int InDoubt, int InDoubtReplayed, int InDoubtRetried, int InDoubtStuck, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{Database}: {Cycles} SIGKILL cycles survived (seed {Seed}) in {Elapsed.TotalSeconds:0}s; acknowledged writes verified: {Purchases} purchases, {SignUps} card sign-ups, {Events} events; " +
        $"{InDoubt} purchases in flight at a kill, retried with their Idempotency-Key after restart: {InDoubtReplayed} replayed, {InDoubtRetried} executed once, {InDoubtStuck} still 409 in progress";
}

/// <summary>
/// Runs write load (card sign-ups, purchases with Idempotency-Keys, event batches) from several clients against the real
/// product process, SIGKILLs it at a random moment, restarts it on the same database and checks: every acknowledged
/// write is present; available limit = current limit − approved purchases since the last reset; every card change has
/// its audit row and its event; the outbox delivers what was pending (nothing stuck beyond a lease); the database is
/// intact (<c>PRAGMA integrity_check</c> on SQLite, valid indexes on PostgreSQL).
/// </summary>
public sealed class CrashLoop(string connectionString, Action<string> log)
{
    private static readonly TimeSpan OutboxLease = TimeSpan.FromSeconds(30);
    private readonly bool sqlite = connectionString.StartsWith("Data Source=", StringComparison.Ordinal);
    private readonly ConcurrentDictionary<string, (long Amount, bool Approved)> purchases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> inDoubt = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> events = [];
    private readonly ConcurrentDictionary<string, (long Amount, bool Out)> transfers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Amount, bool Out)> transfersInDoubt = new(StringComparer.Ordinal);
    private (string Bank, string Vendor)? ledgerAccounts;
    private int signUps;
    private int inDoubtTotal;
    private int replayed;
    private int retried;
    private int stuck;

    public async Task<CrashLoopFigures> RunAsync(int cycles, int seed)
    {
        var random = new Random(seed);
        var watch = Stopwatch.StartNew();
        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            var t0 = watch.Elapsed;
            await using var product = await ProductProcess.StartAsync(connectionString);
            var started = watch.Elapsed;
            await VerifyAsync(product, final: false);
            var verified = watch.Elapsed;
            var killAfter = TimeSpan.FromMilliseconds(random.Next(50, 1_500));
            await LoadUntilKilledAsync(product, cycle, killAfter, random.Next());
            if (sqlite) await IntegrityCheckAsync();
            log($"cycle {cycle}: start {(started - t0).TotalSeconds:0.0}s, verify {(verified - started).TotalSeconds:0.0}s, killed after {killAfter.TotalMilliseconds:0} ms of load; acknowledged so far {purchases.Count} purchases, {signUps} sign-ups, {events.Count} events, {transfers.Count} ledger transfers, {inDoubt.Count + transfersInDoubt.Count} in doubt");
        }

        await using (var product = await ProductProcess.StartAsync(connectionString))
        {
            await VerifyAsync(product, final: true);
        }

        return new CrashLoopFigures(sqlite ? "SQLite" : "PostgreSQL", cycles, seed, purchases.Count, signUps, events.Count, inDoubtTotal, replayed, retried, stuck, watch.Elapsed);
    }

    private async Task LoadUntilKilledAsync(ProductProcess product, int cycle, TimeSpan killAfter, int seed)
    {
        var user = await LoginAsync(product, "user");
        var admin = await LoginAsync(product, "admin");
        var userId = (await JsonAsync(await user.GetAsync("/api/me"))).GetProperty("userEcosystemId").GetString()!;
        using var stop = new CancellationTokenSource();
        var random = new Random(seed);
        var amounts = Enumerable.Range(0, 10_000).Select(_ => (long)random.Next(100, 5_000)).ToArray();

        async Task Purchaser(int client)
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var key = $"crash-{cycle}-{client}-{n}";
                var amount = amounts[(client * 5_000 + n) % amounts.Length];
                try
                {
                    var response = await PurchaseAsync(user, key, amount);
                    if (response.StatusCode == HttpStatusCode.Created) Acknowledge(await JsonAsync(response));
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                {
                    inDoubt[key] = amount;
                    Interlocked.Increment(ref inDoubtTotal);
                    return;
                }
            }
        }

        async Task SignUps()
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await admin.PostAsync($"/api/admin/cards/{userId}/reset?full=true", null);
                    var signed = await user.PostAsync("/api/cards/me/signature", Json("""{"signatureText":"I agree"}"""));
                    if (signed.StatusCode == HttpStatusCode.OK) Interlocked.Increment(ref signUps);
                    await Task.Delay(150);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                {
                    return;
                }
            }
        }

        async Task Events()
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var ids = Enumerable.Range(0, 5).Select(i => $"crash-{cycle}-{n}-{i}").ToList();
                var batch = string.Join(",", ids.Select(id => "{\"eventId\":\"" + id + "\",\"eventName\":\"com.ecosystem.shell.navigation.clicked\",\"channel\":\"web\",\"metadata\":{\"target\":\"card\"}}"));
                try
                {
                    var response = await user.PostAsync("/api/events/batch", Json($$"""{"events":[{{batch}}]}"""));
                    if (response.StatusCode == HttpStatusCode.OK && (await JsonAsync(response)).GetProperty("accepted").GetInt32() == ids.Count) ids.ForEach(events.Add);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                {
                    return;
                }
            }
        }

        // Ledger transfers: money in from an outside account to a vendor, and (sometimes refused: no overdraft) back out.
        ledgerAccounts ??= (await OpenLedgerAccountAsync(admin, "external", "crash-bank"), await OpenLedgerAccountAsync(admin, "vendor", "crash-vendor"));
        async Task Ledger()
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var reference = $"crash-ledger-{cycle}-{n}";
                var transfer = (amounts[n % amounts.Length], n % 3 == 2);
                try
                {
                    var response = await TransferAsync(admin, reference, transfer.Item1, transfer.Item2);
                    if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK) transfers[reference] = transfer;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                {
                    transfersInDoubt[reference] = transfer;
                    return;
                }
            }
        }

        var before = purchases.Count;
        var load = new[] { Purchaser(0), Purchaser(1), Purchaser(2), SignUps(), Events(), Ledger() };

        // The kill comes at a random moment once writes are flowing (the first requests after a start are slow).
        var warm = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (purchases.Count == before && DateTime.UtcNow < warm) await Task.Delay(20);
        await Task.Delay(killAfter);
        await product.KillAsync();
        stop.Cancel();
        await Task.WhenAll(load);
    }

    private void Acknowledge(JsonElement purchase) =>
        purchases[purchase.GetProperty("purchaseId").GetString()!] = (purchase.GetProperty("amount").GetInt64(), purchase.GetProperty("approved").GetBoolean());

    private async Task VerifyAsync(ProductProcess product, bool final)
    {
        // Requests cut off by the kill: the client retries with the same key; the key must not double-spend.
        if (!inDoubt.IsEmpty)
        {
            var user = await LoginAsync(product, "user");
            foreach (var (key, amount) in inDoubt)
            {
                var response = await PurchaseAsync(user, key, amount);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Acknowledge(await JsonAsync(response));
                    if (response.Headers.Contains("Idempotent-Replayed")) replayed++;
                    else retried++;
                }
                else if ((await response.Content.ReadAsStringAsync()).Contains("IDEMPOTENCY_REQUEST_IN_PROGRESS", StringComparison.Ordinal))
                {
                    stuck++;
                }
                else
                {
                    // A business answer (e.g. 409 CARD_NOT_ONBOARDED when the kill fell between a reset and the
                    // signature): the retry ran once.
                    retried++;
                }

                inDoubt.TryRemove(key, out _);
            }

            // The key, the purchase and the stored answer commit together (ADR 0011): a kill can never leave a key
            // claimed but unanswered, so a retry after a restart either replays or runs once.
            Check(stuck == 0, $"{stuck} Idempotency-Keys still 409 in progress after the restart: a key was committed without its answer");
        }

        if (!transfersInDoubt.IsEmpty)
        {
            var admin = await LoginAsync(product, "admin");
            foreach (var (reference, transfer) in transfersInDoubt)
            {
                // The same reference again: 200 with the original if the cut-off request committed, 201 if it did not.
                var response = await TransferAsync(admin, reference, transfer.Amount, transfer.Out);
                if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK) transfers[reference] = transfer;
                else Check(response.StatusCode == HttpStatusCode.Conflict && (await response.Content.ReadAsStringAsync()).Contains("INSUFFICIENT_FUNDS", StringComparison.Ordinal),
                    $"ledger transfer {reference} retried after the restart answered {(int)response.StatusCode}");
                transfersInDoubt.TryRemove(reference, out _);
            }
        }

        await using var c = await OpenAsync();
        if (ledgerAccounts is { } ledger)
        {
            var storedTransfers = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var row in await QueryAsync(c, $"SELECT reference, amount FROM {T("wallet", "transfers")} WHERE reference LIKE 'crash-ledger-%'"))
            {
                Check(storedTransfers.TryAdd((string)row[0]!, Convert.ToInt64(row[1])), $"ledger reference {row[0]} stored twice");
            }

            var lostTransfers = transfers.Where(t => !storedTransfers.TryGetValue(t.Key, out var amount) || amount != t.Value.Amount).Select(t => t.Key).ToList();
            Check(lostTransfers.Count == 0, $"{lostTransfers.Count} acknowledged ledger transfers lost or changed: {string.Join(", ", lostTransfers.Take(5))}");
            var sums = await QueryAsync(c, $"SELECT currency, SUM(CASE WHEN direction = 'debit' THEN amount ELSE 0 END), SUM(CASE WHEN direction = 'credit' THEN amount ELSE 0 END) FROM {T("wallet", "entries")} GROUP BY currency");
            Check(sums.All(r => Convert.ToInt64(r[1]) == Convert.ToInt64(r[2])), "the ledger's trial balance is not zero");
            var replay = await QueryAsync(c, $"SELECT a.account_id, a.balance, COALESCE((SELECT SUM(CASE WHEN e.direction = 'credit' THEN e.amount ELSE -e.amount END) FROM {T("wallet", "entries")} e WHERE e.account_id = a.account_id), 0) FROM {T("wallet", "accounts")} a");
            var off = replay.Where(r => Convert.ToInt64(r[1]) != Convert.ToInt64(r[2])).Select(r => (string)r[0]!).ToList();
            Check(off.Count == 0, $"{off.Count} ledger balances differ from their entries: {string.Join(", ", off.Take(3))}");
            var vendor = Convert.ToInt64(replay.Single(r => (string)r[0]! == ledger.Vendor)[1]);
            Check(vendor >= 0, $"the no-overdraft vendor account went negative: {vendor}");
        }

        var stored = new Dictionary<string, (long, bool)>(StringComparer.Ordinal);
        foreach (var row in await QueryAsync(c, $"SELECT purchase_id, amount, approved FROM {T("cards", "purchases")}"))
        {
            stored[(string)row[0]!] = (Convert.ToInt64(row[1]), Convert.ToBoolean(row[2]));
        }

        var missing = purchases.Where(p => !stored.TryGetValue(p.Key, out var s) || s != p.Value).Select(p => p.Key).ToList();
        Check(missing.Count == 0, $"{missing.Count} acknowledged purchases lost or changed: {string.Join(", ", missing.Take(5))}");

        var signatures = Convert.ToInt64((await QueryAsync(c, $"SELECT COUNT(*) FROM {T("cards", "signatures")}"))[0][0]);
        Check(signatures >= signUps, $"{signUps} sign-ups acknowledged but {signatures} signatures stored");

        var storedEvents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in await QueryAsync(c, $"SELECT event_id FROM {T("analytics", "events")} WHERE event_id LIKE 'crash-%' UNION ALL SELECT event_id FROM {T("analytics", "events_inbox")} WHERE event_id LIKE 'crash-%'")) storedEvents.Add((string)row[0]!);
        var lostEvents = events.Where(e => !storedEvents.Contains(e)).ToList();
        Check(lostEvents.Count == 0, $"{lostEvents.Count} acknowledged events lost: {string.Join(", ", lostEvents.Take(5))}");

        var accounts = await QueryAsync(c, $"""
            SELECT a.user_ecosystem_id, a.current_limit, a.available_limit,
                   (SELECT COALESCE(SUM(p.amount), 0) FROM {T("cards", "purchases")} p
                     WHERE p.user_ecosystem_id = a.user_ecosystem_id AND p.approved AND (a.last_reset_at IS NULL OR p.created_at > a.last_reset_at))
            FROM {T("cards", "accounts")} a
            """);
        foreach (var a in accounts)
        {
            Check(Convert.ToInt64(a[2]) == Convert.ToInt64(a[1]) - Convert.ToInt64(a[3]), $"card {a[0]}: available {a[2]} ≠ current {a[1]} − approved since reset {a[3]}");
        }

        // Every card state change wrote one audit row and one event in the same transaction.
        var audits = Convert.ToInt64((await QueryAsync(c, $"SELECT COUNT(*) FROM {T("platform", "audit_log")} WHERE action LIKE 'credit-card.%'"))[0][0]);
        var outboxCard = Convert.ToInt64((await QueryAsync(c, $"SELECT COUNT(*) FROM {T("platform", "outbox")} WHERE event_name LIKE 'com.ecosystem.credit-card.%'"))[0][0]);
        Check(audits == outboxCard, $"{audits} card audit rows but {outboxCard} card events");
        var purchaseAudits = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in await QueryAsync(c, $"SELECT after FROM {T("platform", "audit_log")} WHERE action LIKE 'credit-card.purchase.%'"))
        {
            purchaseAudits.Add(JsonDocument.Parse((string)row[0]!).RootElement.GetProperty("purchaseId").GetString()!);
        }

        var purchaseEvents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in await QueryAsync(c, $"SELECT metadata FROM {T("platform", "outbox")} WHERE event_name = 'com.ecosystem.credit-card.purchase.simulated'"))
        {
            purchaseEvents.Add(JsonDocument.Parse((string)row[0]!).RootElement.GetProperty("purchaseId").GetString()!);
        }

        Check(stored.Keys.All(purchaseAudits.Contains) && purchaseAudits.Count == stored.Count, $"{stored.Count} purchases but {purchaseAudits.Count} purchase audit rows");
        Check(stored.Keys.All(purchaseEvents.Contains) && purchaseEvents.Count == stored.Count, $"{stored.Count} purchases but {purchaseEvents.Count} purchase events");

        // The outbox: a due row nobody holds is delivered within seconds; a row a killed instance held waits at most one lease.
        var now = DateTimeOffset.UtcNow;
        var overdue = Convert.ToInt64((await QueryAsync(
            c,
            $"SELECT COUNT(*) FROM {T("platform", "outbox")} WHERE delivered_at IS NULL AND (locked_until > @beyondLease)",
            ("beyondLease", Time(now + OutboxLease + TimeSpan.FromSeconds(5)))))[0][0]);
        Check(overdue == 0, $"{overdue} outbox rows locked beyond one lease");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        long pending;
        while (true)
        {
            pending = Convert.ToInt64((await QueryAsync(
                c,
                $"SELECT COUNT(*) FROM {T("platform", "outbox")} WHERE delivered_at IS NULL AND attempts = 0 AND (locked_until IS NULL OR locked_until < @now) AND next_attempt_at <= @now",
                ("now", Time(now))))[0][0]);
            if (pending == 0 || DateTime.UtcNow > deadline) break;
            await Task.Delay(250);
        }

        Check(pending == 0, $"{pending} outbox rows due before the restart were not delivered within 20 s");
        var undeliveredEvents = Convert.ToInt64((await QueryAsync(
            c,
            $"SELECT COUNT(*) FROM {T("platform", "outbox")} o WHERE o.delivered_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {T("analytics", "events")} e WHERE e.event_id = o.id) AND NOT EXISTS (SELECT 1 FROM {T("analytics", "events_inbox")} i WHERE i.event_id = o.id)"))[0][0]);
        Check(undeliveredEvents == 0, $"{undeliveredEvents} outbox rows marked delivered without their event in the event store");

        if (!sqlite)
        {
            var invalid = Convert.ToInt64((await QueryAsync(c, "SELECT COUNT(*) FROM pg_index WHERE NOT indisvalid OR NOT indisready"))[0][0]);
            Check(invalid == 0, $"{invalid} invalid PostgreSQL indexes");
        }

        if (final) log($"final check passed: {stored.Count} purchases stored, {signatures} signatures, {storedEvents.Count} crash events, {transfers.Count} ledger transfers, {audits} card audit rows = card events");
    }

    private async Task IntegrityCheckAsync()
    {
        await using var c = await OpenAsync();
        var result = string.Join("; ", (await QueryAsync(c, "PRAGMA integrity_check")).Select(r => r[0]));
        Check(result == "ok", "PRAGMA integrity_check: " + result);
        var fk = await QueryAsync(c, "PRAGMA foreign_key_check");
        Check(fk.Count == 0, $"PRAGMA foreign_key_check: {fk.Count} violations");
    }

    private static void Check(bool condition, string failure)
    {
        if (!condition) throw new InvalidOperationException("Crash loop: " + failure);
    }

    private string T(string schema, string table) => sqlite ? $"{schema}_{table}" : $"{schema}.{table}";

    private object Time(DateTimeOffset t) => sqlite ? (t.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10 : t.UtcDateTime;

    private async Task<DbConnection> OpenAsync()
    {
        DbConnection c = sqlite
            ? new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString)
            : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await c.OpenAsync();
        return c;
    }

    private static async Task<List<object?[]>> QueryAsync(DbConnection c, string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }

        var rows = new List<object?[]>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var row = new object?[r.FieldCount];
            for (var i = 0; i < r.FieldCount; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<HttpClient> LoginAsync(ProductProcess product, string name)
    {
        var http = new HttpClient { BaseAddress = new Uri(product.BaseUrl), Timeout = TimeSpan.FromSeconds(20) };
        var response = await http.PostAsync("/api/auth/login", Json($$"""{"username":"{{name}}","password":"{{name}}"}"""));
        response.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await JsonAsync(response)).GetProperty("accessToken").GetString());
        return http;
    }

    private static Task<HttpResponseMessage> PurchaseAsync(HttpClient user, string key, long amount)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cards/me/purchases") { Content = Json($$"""{"amount":{{amount}},"merchant":"crash loop"}""") };
        request.Headers.Add("Idempotency-Key", key);
        return user.SendAsync(request);
    }

    private static async Task<string> OpenLedgerAccountAsync(HttpClient admin, string ownerType, string ownerId)
    {
        var response = await admin.PostAsync("/api/wallet/accounts", Json($$"""{"ownerType":"{{ownerType}}","ownerId":"{{ownerId}}","currency":"RWF"}"""));
        response.EnsureSuccessStatusCode();
        return (await JsonAsync(response)).GetProperty("accountId").GetString()!;
    }

    private Task<HttpResponseMessage> TransferAsync(HttpClient admin, string reference, long amount, bool outward)
    {
        var (bank, vendor) = ledgerAccounts!.Value;
        var (debit, credit) = outward ? (vendor, bank) : (bank, vendor);
        return admin.PostAsync("/api/wallet/transfers", Json($$"""{"reference":"{{reference}}","debitAccountId":"{{debit}}","creditAccountId":"{{credit}}","amount":{{amount}},"currency":"RWF","type":"adjustment"}"""));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
