using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Ecosystem.Bench;

/// <summary>ledger-transfer, ledger-batch and ledger-hot: the wallet's ledger under load, each checked for balance afterwards.</summary>
internal sealed partial class Scenarios
{
    private const long LedgerFunding = 1_000_000_000_000;

    /// <summary>
    /// ledger-transfer: one transfer per request (POST /api/wallet/transfers, a fresh reference each) between the
    /// connections' own accounts in a ring. ledger-hot: every connection pays into one shared no-overdraft account and
    /// out of it in turn. ledger-batch: 1,000 transfers per request (POST /api/wallet/transfers/batch) among all the
    /// accounts. Afterwards the trial balance must be zero and every balance must equal its entries (else an error).
    /// The ceiling is the transfer's own SQL on the same file (<see cref="LedgerCeiling"/>) on SQLite, pgbench on PostgreSQL.
    /// </summary>
    public async Task<IReadOnlyList<ScenarioResult>> LedgerAsync(int connections, string mode)
    {
        var name = "ledger-" + mode;
        var batch = mode == "batch";
        var clients = batch ? Math.Min(connections, 4) : connections;
        var batchSize = o.Quick ? 50 : 1_000; // --quick measures 2 s: a 1,000-transfer batch may not finish in it
        ScenarioResult product;
        ScenarioResult? sql = null;
        await using (var server = await ProductServer.StartAsync(repoRoot, o, ct).ConfigureAwait(false))
        {
            Console.WriteLine($"  {name}: product pid {server.Pid} at {server.BaseUrl}, {clients} connections; opening and funding the accounts");
            using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(300) };
            var admin = new AuthenticationHeaderValue("Bearer", server.AdminToken);
            var bank = await OpenAccountAsync(http, admin, "external", "bench-bank").ConfigureAwait(false);
            var accounts = new string[Math.Max(connections, 8)];
            for (var i = 0; i < accounts.Length; i++)
            {
                accounts[i] = await OpenAccountAsync(http, admin, "vendor", $"bench-{i:D4}").ConfigureAwait(false);
                await LedgerTransferAsync(http, admin, $"fund-{i}", bank, accounts[i], LedgerFunding).ConfigureAwait(false);
            }

            var hot = await OpenAccountAsync(http, admin, "platform", "bench-hot").ConfigureAwait(false);
            await LedgerTransferAsync(http, admin, "fund-hot", bank, hot, 1_000).ConfigureAwait(false);
            using var tenant = await GetJsonAsync(http, admin, "/api/wallet/tenant").ConfigureAwait(false);
            var tenantId = tenant.RootElement.GetProperty("tenantId").GetString()!;

            using var client = LoadGenerator.NewClient(clients);
            var url = new Uri(server.BaseUrl + (batch ? "/api/wallet/transfers/batch" : "/api/wallet/transfers"));
            long refused = 0;
            var cpu = new CpuWindow();
            var r = await LoadGenerator.ClosedLoopAsync(clients, Warmup, Measure, async i =>
            {
                byte[] body;
                if (batch)
                {
                    var sb = new StringBuilder("{\"transfers\":[");
                    for (var k = 0; k < batchSize; k++)
                    {
                        if (k > 0) sb.Append(',');
                        var from = accounts[Random.Shared.Next(accounts.Length)];
                        var to = accounts[(Array.IndexOf(accounts, from) + 1 + Random.Shared.Next(accounts.Length - 1)) % accounts.Length];
                        sb.Append(TransferJson(Guid.NewGuid().ToString("N"), from, to, 1));
                    }

                    body = Encoding.UTF8.GetBytes(sb.Append("]}").ToString());
                }
                else if (mode == "hot")
                {
                    var mine = accounts[i % connections];
                    var inward = Random.Shared.Next(2) == 0;
                    body = Encoding.UTF8.GetBytes(TransferJson(Guid.NewGuid().ToString("N"), inward ? mine : hot, inward ? hot : mine, 1));
                }
                else
                {
                    body = Encoding.UTF8.GetBytes(TransferJson(Guid.NewGuid().ToString("N"), accounts[i % connections], accounts[(i + 1) % connections], 1));
                }

                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Authorization = admin;
                using var response = await client.SendAsync(request, ct).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (batch)
                {
                    if (response.StatusCode != HttpStatusCode.OK) return Outcome.Fail($"{(int)response.StatusCode} {Snippet(text)}");
                    var created = CountOf(text, "\"status\":\"created\"");
                    return created == batchSize ? Outcome.Ok(created) : Outcome.Fail($"{batchSize - created} of {batchSize} not created: {Snippet(text)}");
                }

                if (response.StatusCode == HttpStatusCode.Created) return Outcome.Ok(1);
                if (mode == "hot" && response.StatusCode == HttpStatusCode.Conflict && text.Contains("INSUFFICIENT_FUNDS", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref refused); // the hot account had nothing left to pay out: the right answer
                    return Outcome.Ok(1);
                }

                return Outcome.Fail($"{(int)response.StatusCode} {Snippet(text)}");
            }, () => cpu.Start(server.Pid), () => cpu.Stop(server.Pid)).ConfigureAwait(false);
            var unit = "transfers/s";
            product = ScenarioResult.From(name, o, clients, r, unit, cpu, server.PeakMemoryMb(),
                batch ? $"{batchSize:N0} transfers per request among the accounts; throughput in transfers, latency per batch"
                : mode == "hot" ? $"every connection pays into and out of one no-overdraft account; {refused:N0} payouts refused as insufficient funds (counted: a correct answer)"
                : "one transfer per request, a fresh reference each, between the connections' own accounts");

            using var trial = await GetJsonAsync(http, admin, "/api/wallet/trial-balance").ConfigureAwait(false);
            using var reconciliation = await GetJsonAsync(http, admin, "/api/wallet/reconciliation").ConfigureAwait(false);
            var balanced = trial.RootElement.GetProperty("balanced").GetBoolean() && reconciliation.RootElement.GetProperty("ok").GetBoolean();
            Console.WriteLine($"  {name}: {product.Throughput:N0} transfers/s, p99 {product.P99Ms:N1} ms, {product.CpuMicrosPerUnit:N0} µs CPU per transfer, {product.Errors} errors; ledger {(balanced ? "balanced, every balance equals its entries" : "NOT BALANCED")}");
            if (!balanced) product = product with { Errors = product.Errors + 1, Note = product.Note + "; LEDGER NOT BALANCED" };

            await server.StopProcessAsync().ConfigureAwait(false);
            if (server.PostgresConnectionString is null)
            {
                var group = batch ? batchSize : clients;
                var ceiling = LedgerCeiling.RunSqlite(server.SqliteFile, tenantId, accounts, group, o.Seconds);
                sql = SqliteRow("ceiling: the ledger transfer's SQL", ceiling, $"a transfer's statements, each a savepoint, {group} per commit") with { Unit = "transfers/s" };
                Console.WriteLine($"  {sql.Name}: {sql.Throughput:N0} transfers/s, {sql.CpuMicrosPerUnit:N1} µs CPU each");
            }
        }

        var ceilings = new List<CeilingRef>();
        if (sql is { Throughput: > 0 }) ceilings.Add(new CeilingRef(sql.Name, sql.Throughput, "transfers/s"));
        if (Pgbench is not null) ceilings.Add(PgbenchRatio(product));
        return sql is null ? [WithCeilings(product, ceilings)] : [WithCeilings(product, ceilings), sql];
    }

    private static string TransferJson(string reference, string debit, string credit, long amount) =>
        $$"""{"reference":"{{reference}}","debitAccountId":"{{debit}}","creditAccountId":"{{credit}}","amount":{{amount}},"currency":"RWF","type":"adjustment"}""";

    private static int CountOf(string text, string what)
    {
        var n = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    private async Task<string> OpenAccountAsync(HttpClient http, AuthenticationHeaderValue admin, string ownerType, string ownerId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/wallet/accounts") { Content = JsonContent.Create(new { ownerType, ownerId, currency = "RWF" }) };
        request.Headers.Authorization = admin;
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"opening a ledger account answered {(int)response.StatusCode}: {Snippet(text)}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("accountId").GetString()!;
    }

    private async Task LedgerTransferAsync(HttpClient http, AuthenticationHeaderValue admin, string reference, string debit, string credit, long amount)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/wallet/transfers") { Content = new StringContent(TransferJson(reference, debit, credit, amount), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = admin;
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"funding answered {(int)response.StatusCode}: {Snippet(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false))}");
    }

    private async Task<JsonDocument> GetJsonAsync(HttpClient http, AuthenticationHeaderValue admin, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = admin;
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
    }
}
