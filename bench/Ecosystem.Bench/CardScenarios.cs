using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Ecosystem.Bench;

/// <summary>card-purchase, card-purchase-hot and startup.</summary>
internal sealed partial class Scenarios
{
    private const long PurchaseAmount = 100;

    /// <summary>
    /// card-purchase: one person per connection, each created by the admin API, pre-approved, logged in and onboarded,
    /// then every connection simulates purchases on its own card (POST /api/cards/me/purchases with a fresh
    /// Idempotency-Key, as a real client sends). card-purchase-hot: every connection on one card, the contention case;
    /// afterwards the harness checks that the card's available limit equals its limit minus what was approved.
    /// Throughput in authorizations/s (approved or declined: both are answered decisions).
    /// </summary>
    public async Task<IReadOnlyList<ScenarioResult>> CardPurchaseAsync(int connections, bool hot)
    {
        var name = hot ? "card-purchase-hot" : "card-purchase";
        ScenarioResult product;
        ScenarioResult? sql;
        await using (var server = await ProductServer.StartAsync(repoRoot, o, ct).ConfigureAwait(false))
        {
            var people = hot ? 1 : connections;
            Console.WriteLine($"  {name}: product pid {server.Pid} at {server.BaseUrl}, {connections} connections on {people} card(s); creating and onboarding the people");
            const long limit = 100_000_000_000; // 1,000,000,000.00 USD: never exhausted at 1.00 per purchase
            var (tokens, cards) = await OnboardAsync(server, people, limit).ConfigureAwait(false);
            using var client = LoadGenerator.NewClient(connections);
            var url = new Uri(server.BaseUrl + "/api/cards/me/purchases");
            var body = Encoding.UTF8.GetBytes($$"""{"amount":{{PurchaseAmount}},"merchant":"Bench Store"}""");
            var auth = tokens.Select(t => new AuthenticationHeaderValue("Bearer", t)).ToArray();
            long approved = 0;
            var cpu = new CpuWindow();
            var r = await LoadGenerator.ClosedLoopAsync(connections, Warmup, Measure, async i =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Authorization = auth[i % auth.Length];
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
                using var response = await client.SendAsync(request, ct).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.Created) return Outcome.Fail($"{(int)response.StatusCode} {Snippet(text)}");
                if (text.Contains("\"approved\":true", StringComparison.Ordinal)) Interlocked.Increment(ref approved);
                return Outcome.Ok(1);
            }, () => cpu.Start(server.Pid), () => cpu.Stop(server.Pid)).ConfigureAwait(false);
            product = ScenarioResult.From(name, o, connections, r, "authorizations/s", cpu, server.PeakMemoryMb(),
                $"{people} card(s), {PurchaseAmount} minor units per purchase, a fresh Idempotency-Key each; peak memory is the product's under this load");

            // No overspend: what the cards say they have left equals their limits minus what the harness saw approved.
            var available = 0L;
            foreach (var token in tokens)
            {
                using var me = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + "/api/cards/me");
                me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var answer = await client.SendAsync(me, ct).ConfigureAwait(false);
                using var doc = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
                available += doc.RootElement.GetProperty("availableLimit").GetInt64();
            }

            var expected = (limit * tokens.Count) - (approved * PurchaseAmount);
            var consistent = available == expected;
            Console.WriteLine($"  {name}: {product.Throughput:N0} authorizations/s, p99 {product.P99Ms:N1} ms, {product.Errors} errors; " +
                $"{approved:N0} approved in all, available {(consistent ? "=" : "≠")} limit − approved ({available:N0} vs {expected:N0})");
            if (!consistent) product = product with { Errors = product.Errors + 1, Note = product.Note + $"; INCONSISTENT: available {available} ≠ {expected}" };

            await server.StopProcessAsync().ConfigureAwait(false);
            sql = await AuthorizationSqlCeilingAsync(server, cards, connections).ConfigureAwait(false);
        }

        var bare = await HttpCeilingAsync("ceiling: HTTP bare /event", "/event", connections, false).ConfigureAwait(false);
        var ceilings = new List<CeilingRef> { new(bare.Name, bare.Throughput, "requests/s") };
        if (sql is { Throughput: > 0 }) ceilings.Add(new CeilingRef(sql.Name, sql.Throughput, "authorizations/s"));
        if (Pgbench is not null) ceilings.Add(PgbenchRatio(product));
        return sql is null ? [WithCeilings(product, ceilings), bare] : [WithCeilings(product, ceilings), bare, sql];
    }

    /// <summary>
    /// The same run's database ceiling for this work (<see cref="AuthorizationCeiling"/>): an authorization's statements
    /// on the product's own database, just after the product stopped, with as many connections (PostgreSQL) or units
    /// per commit (SQLite) as the scenario had connections. Null (and a note) when it cannot run.
    /// </summary>
    private async Task<ScenarioResult?> AuthorizationSqlCeilingAsync(ProductServer server, IReadOnlyList<string> cards, int connections)
    {
        const string name = "ceiling: the authorization's SQL";
        Console.WriteLine($"  {name}: {(o.Db == "postgres" ? $"pgbench, {connections} clients" : $"one connection, {connections} authorizations per commit")} on the product's database");
        if (server.PostgresConnectionString is { } pg)
        {
            var sample = await AuthorizationCeiling.ReadPostgresSampleAsync(pg, ct).ConfigureAwait(false);
            var (tps, note) = await AuthorizationCeiling.RunPgbenchAsync(pg, cards, sample, connections, o.Seconds, ct).ConfigureAwait(false);
            Console.WriteLine(tps is null ? "  " + note : $"  {name}: {tps:N0} authorizations/s ({note})");
            if (tps is null && Postgres.FindPgbench() is null) return null;

            // A failed run is a row without throughput, which fails the harness (the script no longer fits the schema).
            return new ScenarioResult
            {
                Name = name, Db = "postgres", Connections = connections, Seconds = o.Seconds, Throughput = tps ?? double.NaN, Unit = "authorizations/s",
                RequestsPerSecond = tps ?? double.NaN, Note = note,
            };
        }

        var r = AuthorizationCeiling.RunSqlite(server.SqliteFile, cards, AuthorizationCeiling.ReadSqliteSample(server.SqliteFile), connections, o.Seconds);
        var row = SqliteRow(name, r, "an authorization's statements, each unit a savepoint, as the writer loop runs them") with { Unit = "authorizations/s" };
        Console.WriteLine($"  {name}: {row.Throughput:N0} authorizations/s, {row.CpuMicrosPerUnit:N1} µs CPU each, commit p50 {row.P50Ms:N1} ms");
        return row;
    }

    /// <summary>Creates the people (admin API), pre-approves, logs in and signs for each; returns their bearer tokens and ids.</summary>
    private async Task<(IReadOnlyList<string> Tokens, IReadOnlyList<string> Ids)> OnboardAsync(ProductServer server, int people, long limit)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(120) };
        var admin = new AuthenticationHeaderValue("Bearer", server.AdminToken);
        var tokens = new string[people];
        var ids = new string[people];
        // Four at a time: each account costs a PBKDF2 hash to create and another to log in.
        await Parallel.ForEachAsync(Enumerable.Range(0, people), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, c) =>
        {
            var username = $"bench.card.{i:D4}";
            var password = $"bench-password-{i:D4}";
            var user = await SendAsync(http, HttpMethod.Post, "/api/admin/users", admin, new { username, email = username + "@bench.local", password }, c).ConfigureAwait(false);
            var id = ids[i] = user.GetProperty("userEcosystemId").GetString()!;
            await SendAsync(http, HttpMethod.Post, $"/api/admin/cards/{id}/offer", admin, new { limit, currency = "USD" }, c).ConfigureAwait(false);
            var login = await SendAsync(http, HttpMethod.Post, "/api/auth/login", null, new { username, password }, c).ConfigureAwait(false);
            tokens[i] = login.GetProperty("accessToken").GetString()!;
            await SendAsync(http, HttpMethod.Post, "/api/cards/me/signature", new AuthenticationHeaderValue("Bearer", tokens[i]), new { signatureText = "I agree" }, c).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return (tokens, ids);
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, HttpMethod method, string path, AuthenticationHeaderValue? auth, object body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = auth;
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {Snippet(text)}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>
    /// startup: the product started three times on a fresh database (migrations and demo data included); time from
    /// process start to the first 200 from /health/ready, and resident memory 2 s later, at rest. The ceiling is the
    /// bare Kestrel server's own start, measured the same way.
    /// </summary>
    public async Task<IReadOnlyList<ScenarioResult>> StartupAsync()
    {
        var times = new List<double>();
        var rest = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            await using var server = await ProductServer.StartAsync(repoRoot, o, ct).ConfigureAwait(false);
            times.Add(server.ReadyAfter.TotalMilliseconds);
            await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            rest.Add(ProcStats.ResidentMemoryMb(server.Pid));
            Console.WriteLine($"  startup: run {i + 1}: healthy after {server.ReadyAfter.TotalMilliseconds:N0} ms, {rest[^1]:N0} MB resident at rest");
        }

        var bareStart = Stopwatch.StartNew();
        await using (var bare = await HttpCeilingServer.StartAsync(ct).ConfigureAwait(false))
        {
            bareStart.Stop();
        }

        times.Sort();
        var median = times[times.Count / 2];
        var row = new ScenarioResult
        {
            Name = "startup", Db = o.Db, Connections = 1, Seconds = times.Sum() / 1000, Throughput = 1000 / median, Unit = "starts/s",
            Requests = times.Count, P50Ms = median, P95Ms = times[^1], P99Ms = times[^1], PeakMemoryMb = rest.Max(),
            Note = $"process start → first healthy /health/ready on a fresh database: {string.Join(", ", times.Select(t => t.ToString("N0", CultureInfo.InvariantCulture)))} ms; " +
                $"resident memory at rest {string.Join(", ", rest.Select(m => m.ToString("N0", CultureInfo.InvariantCulture)))} MB (peakMemoryMb is the largest)",
        };
        var ceiling = new CeilingRef("ceiling: bare Kestrel start", 1000 / bareStart.Elapsed.TotalMilliseconds, "starts/s", Note: $"{bareStart.Elapsed.TotalMilliseconds:N0} ms to listening");
        Console.WriteLine($"  startup: median {median:N0} ms to healthy (bare Kestrel {bareStart.Elapsed.TotalMilliseconds:N0} ms), at most {rest.Max():N0} MB at rest");
        return [WithCeilings(row, [ceiling])];
    }
}
