using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Ecosystem.Bench;

/// <summary>The product scenarios and the ceilings measured beside them, in the same run.</summary>
internal sealed partial class Scenarios(BenchOptions o, string repoRoot, CeilingProcess ceiling, CancellationToken ct)
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private readonly EventBodies bodies = new(o.Users, Guid.NewGuid().ToString("N")[..8]);
    private TimeSpan Warmup => TimeSpan.FromSeconds(o.WarmupSeconds);
    private TimeSpan Measure => TimeSpan.FromSeconds(o.Seconds);

    /// <summary>pgbench's TPS for this connection count, when --db postgres (null otherwise or when unavailable).</summary>
    public CeilingRef? Pgbench { get; set; }

    /// <summary>events-batch: closed loop of batches of <c>--batch</c> events; throughput in stored events/s.</summary>
    public async Task<IReadOnlyList<ScenarioResult>> EventsBatchAsync(int connections)
    {
        long storedTotal = 0;
        ScenarioResult product;
        await using (var server = await ProductServer.StartAsync(repoRoot, o, ct).ConfigureAwait(false))
        {
            Console.WriteLine($"  events-batch: product pid {server.Pid} at {server.BaseUrl}, {connections} connections, batches of {o.BatchSize}");
            using var client = LoadGenerator.NewClient(connections);
            var writers = Enumerable.Range(0, connections).Select(_ => bodies.NewWriter()).ToArray();
            var url = new Uri(server.BaseUrl + "/api/events/batch");
            var auth = server.WriteKeyAuth;
            var cpu = new CpuWindow();
            var r = await LoadGenerator.ClosedLoopAsync(connections, Warmup, Measure, async i =>
            {
                var (outcome, stored) = await PostBatchAsync(client, url, auth, writers[i].Batch(o.BatchSize), o.BatchSize).ConfigureAwait(false);
                Interlocked.Add(ref storedTotal, stored);
                return outcome;
            }, () => cpu.Start(server.Pid), () => cpu.Stop(server.Pid)).ConfigureAwait(false);
            product = ScenarioResult.From("events-batch", o, connections, r, "events/s", cpu, server.PeakMemoryMb());
            Console.WriteLine($"  events-batch: {product.Throughput:N0} events/s, p99 {product.P99Ms:N1} ms, {product.Errors} errors; stored {storedTotal:N0} rows in all (warm-up included)");
        }

        // The product is stopped: the ceilings do not share the machine with it.
        var ceilings = new List<CeilingRef>();
        var bare = await HttpCeilingAsync("ceiling: HTTP bare /batch", "/batch", connections, true).ConfigureAwait(false);
        var parsed = await HttpCeilingAsync("ceiling: HTTP + JSON parse /batch-json", "/batch-json", connections, true).ConfigureAwait(false);
        if (o.Db != "sqlite")
        {
            ceilings.Add(new CeilingRef(bare.Name, bare.Throughput, "events/s"));
            ceilings.Add(new CeilingRef(parsed.Name, parsed.Throughput, "events/s"));
            if (Pgbench is not null) ceilings.Add(PgbenchRatio(product));
            return [WithCeilings(product, ceilings), bare, parsed];
        }

        var rows = Math.Max(storedTotal, o.BatchSize);
        Console.WriteLine($"  ceiling: raw SQLite, {rows:N0} rows in transactions of {o.BatchSize}");
        var sqliteRow = SqliteRow("ceiling: raw SQLite insert", SqliteCeiling.Run(repoRoot, rows, o.BatchSize, o.Users),
            "one prepared statement, WAL, synchronous=FULL, the product's analytics schema and indexes");
        Console.WriteLine($"  ceiling: raw SQLite {sqliteRow.Throughput:N0} rows/s");

        // The product's writer commits everything queued at once (up to 20,000 events): with N closed-loop connections a
        // commit holds at most N batches. The same insert in transactions of that size is the ceiling for its group commit.
        var group = (int)Math.Min(20_000L, (long)connections * o.BatchSize);
        ScenarioResult? groupRow = null;
        if (group > o.BatchSize)
        {
            Console.WriteLine($"  ceiling: raw SQLite, {rows:N0} rows in transactions of {group} (the product's largest group commit at {connections} connections)");
            groupRow = SqliteRow("ceiling: raw SQLite insert, group-sized tx", SqliteCeiling.Run(repoRoot, rows, group, o.Users),
                $"{connections} connections × {o.BatchSize} events, the product's largest possible group commit; otherwise as the raw SQLite insert ceiling");
            Console.WriteLine($"  ceiling: raw SQLite with {group}-row transactions {groupRow.Throughput:N0} rows/s");
        }

        ceilings.Add(new CeilingRef(sqliteRow.Name, sqliteRow.Throughput, "rows/s"));
        if (groupRow is not null) ceilings.Add(new CeilingRef(groupRow.Name, groupRow.Throughput, "rows/s"));
        ceilings.Add(new CeilingRef(bare.Name, bare.Throughput, "events/s"));
        ceilings.Add(new CeilingRef(parsed.Name, parsed.Throughput, "events/s"));
        var rowsOut = new List<ScenarioResult> { WithCeilings(product, ceilings), sqliteRow };
        if (groupRow is not null) rowsOut.Add(groupRow);
        rowsOut.Add(bare);
        rowsOut.Add(parsed);
        return rowsOut;
    }

    /// <summary>events-single: closed loop of POST /api/events, one event each; throughput in events/s.</summary>
    public async Task<IReadOnlyList<ScenarioResult>> EventsSingleAsync(int connections)
    {
        ScenarioResult product;
        await using (var server = await ProductServer.StartAsync(repoRoot, o, ct).ConfigureAwait(false))
        {
            Console.WriteLine($"  events-single: product pid {server.Pid} at {server.BaseUrl}, {connections} connections");
            using var client = LoadGenerator.NewClient(connections);
            var writers = Enumerable.Range(0, connections).Select(_ => bodies.NewWriter()).ToArray();
            var url = new Uri(server.BaseUrl + "/api/events");
            var auth = server.WriteKeyAuth;
            var cpu = new CpuWindow();
            var r = await LoadGenerator.ClosedLoopAsync(connections, Warmup, Measure, async i =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ReadOnlyMemoryContent(writers[i].Single()) };
                request.Content.Headers.ContentType = JsonType;
                request.Headers.Authorization = auth;
                using var response = await client.SendAsync(request, ct).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.Accepted) return Outcome.Fail($"{(int)response.StatusCode} {Snippet(text)}");
                return text.Contains("\"quarantined\":true", StringComparison.Ordinal) ? Outcome.Fail("quarantined") : Outcome.Ok(1);
            }, () => cpu.Start(server.Pid), () => cpu.Stop(server.Pid)).ConfigureAwait(false);
            product = ScenarioResult.From("events-single", o, connections, r, "events/s", cpu, server.PeakMemoryMb());
            Console.WriteLine($"  events-single: {product.Throughput:N0} events/s, p99 {product.P99Ms:N1} ms, {product.Errors} errors");
        }

        var bare = await HttpCeilingAsync("ceiling: HTTP bare /event", "/event", connections, false).ConfigureAwait(false);
        var ceilings = new List<CeilingRef> { new(bare.Name, bare.Throughput, "events/s") };
        if (Pgbench is not null) ceilings.Add(PgbenchRatio(product));
        return [WithCeilings(product, ceilings), bare];
    }

    /// <summary>
    /// customer360-lag: batches sent open-loop at <c>--rate</c> events/s. The first event of a sampled batch belongs to
    /// a probe person (usr_bench_probe_NN) whose event count the harness knows; after the batch's 200 the harness polls
    /// GET /api/customers/{id}/360 as admin until counters.events shows it. Lag = that GET's answer − the batch's 200.
    /// </summary>
    public async Task<IReadOnlyList<ScenarioResult>> Customer360LagAsync(int connections)
    {
        await using var server = await ProductServer.StartAsync(repoRoot, o, ct).ConfigureAwait(false);
        Console.WriteLine($"  customer360-lag: product pid {server.Pid} at {server.BaseUrl}, {o.LagRate:N0} events/s offered in batches of {o.BatchSize}");
        using var client = LoadGenerator.NewClient(connections);
        using var reader = LoadGenerator.NewClient(8);
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);
        var probes = new ConcurrentQueue<Probe>(Enumerable.Range(1, 32).Select(i => new Probe($"usr_bench_probe_{i:D2}")));
        var lags = new ConcurrentBag<(double Lag, double Freshness)>();
        var timedOut = 0;
        var polls = new ConcurrentBag<Task>();
        var writers = new ConcurrentBag<EventBodies.Writer>();
        var url = new Uri(server.BaseUrl + "/api/events/batch");
        var auth = server.WriteKeyAuth;
        var cpu = new CpuWindow();
        var windowOpen = false;
        var interval = TimeSpan.FromSeconds((double)o.BatchSize / o.LagRate);
        var r = await LoadGenerator.OpenLoopAsync(interval, connections * 4, Warmup, Measure, async (_, due) =>
        {
            if (!writers.TryTake(out var writer)) writer = bodies.NewWriter();
            try
            {
                probes.TryDequeue(out var probe);
                var (outcome, _) = await PostBatchAsync(client, url, auth, writer.Batch(o.BatchSize, probe?.UserId), o.BatchSize).ConfigureAwait(false);
                if (probe is null) return outcome;
                if (outcome.Error is not null || !Volatile.Read(ref windowOpen))
                {
                    // Unknown or unmeasured: the probe's count is re-read before it is used again.
                    polls.Add(ResyncAsync(reader, server.BaseUrl, probe, probes));
                    return outcome;
                }

                probe.Expected++;
                var answered = Stopwatch.GetTimestamp();
                polls.Add(Task.Run(async () =>
                {
                    var lag = await PollAsync(reader, server.BaseUrl, probe, answered).ConfigureAwait(false);
                    if (lag is null) Interlocked.Increment(ref timedOut);
                    else lags.Add((lag.Value, Stopwatch.GetElapsedTime(due, answered).TotalMilliseconds + lag.Value));
                    probes.Enqueue(probe);
                }));
                return outcome;
            }
            finally
            {
                writers.Add(writer);
            }
        }, () => { cpu.Start(server.Pid); Volatile.Write(ref windowOpen, true); }, () => { Volatile.Write(ref windowOpen, false); cpu.Stop(server.Pid); }).ConfigureAwait(false);
        await Task.WhenAll(polls).ConfigureAwait(false);
        var sorted = lags.Select(l => l.Lag).Order().ToArray();
        var fresh = lags.Select(l => l.Freshness).Order().ToArray();
        var lag = new LagResult(sorted.Length, timedOut, Stats.Percentile(sorted, 50), Stats.Percentile(sorted, 95), Stats.Percentile(sorted, 99),
            sorted.Length > 0 ? sorted[^1] : double.NaN, Stats.Percentile(fresh, 50), Stats.Percentile(fresh, 99), 1_000);
        var row = ScenarioResult.From("customer360-lag", o, connections, r, "events/s", cpu, server.PeakMemoryMb(),
            $"offered {o.LagRate:N0} events/s open-loop; request latency from the scheduled send time; lag = 360 shows the count − batch answered");
        var target = new CeilingRef("offered rate", o.LagRate, "events/s");
        row = row with { Lag = lag, Errors = row.Errors + timedOut, Ceiling = target, Ratio = row.Throughput / target.Throughput, Ceilings = [target with { Ratio = row.Throughput / target.Throughput }] };
        Console.WriteLine($"  customer360-lag: {row.Throughput:N0} of {o.LagRate:N0} events/s, lag p50 {lag.P50Ms:N1} ms p99 {lag.P99Ms:N1} ms, send-to-visible p50 {lag.FreshnessP50Ms:N1} ms p99 {lag.FreshnessP99Ms:N1} ms over {lag.Samples} samples ({timedOut} timed out)");
        return [row];
    }

    private sealed class Probe(string userId)
    {
        public string UserId { get; } = userId;
        public long Expected { get; set; }
    }

    /// <summary>Polls the probe's 360 until counters.events reaches the expected count; null after 10 s.</summary>
    private async Task<double?> PollAsync(HttpClient reader, string baseUrl, Probe probe, long answered)
    {
        var delay = 1;
        while (Stopwatch.GetElapsedTime(answered) < TimeSpan.FromSeconds(10))
        {
            var count = await ReadCountAsync(reader, baseUrl, probe.UserId).ConfigureAwait(false);
            if (count >= probe.Expected) return Stopwatch.GetElapsedTime(answered).TotalMilliseconds;
            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = Math.Min(delay * 2, 20);
        }

        return null;
    }

    private async Task ResyncAsync(HttpClient reader, string baseUrl, Probe probe, ConcurrentQueue<Probe> probes)
    {
        long count;
        try
        {
            count = await ReadCountAsync(reader, baseUrl, probe.UserId).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            count = -1;
        }

        // A probe whose count cannot be read is left out for the rest of the scenario.
        if (count < 0) return;
        probe.Expected = count;
        probes.Enqueue(probe);
    }

    /// <summary>counters.events of a person's 360; 0 when there is none yet, −1 on an error answer.</summary>
    private async Task<long> ReadCountAsync(HttpClient reader, string baseUrl, string userId)
    {
        using var response = await reader.GetAsync($"{baseUrl}/api/customers/{userId}/360", ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return 0;
        if (!response.IsSuccessStatusCode) return -1;
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false));
        return doc.RootElement.GetProperty("counters").GetProperty("events").GetInt64();
    }

    private async Task<(Outcome Outcome, long Stored)> PostBatchAsync(HttpClient client, Uri url, AuthenticationHeaderValue auth, ReadOnlyMemory<byte> body, int count)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = JsonType;
        request.Headers.Authorization = auth;
        using var response = await client.SendAsync(request, ct).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK) return (Outcome.Fail($"{(int)response.StatusCode} {Snippet(Encoding.UTF8.GetString(bytes))}"), 0);
        using var doc = JsonDocument.Parse(bytes);
        var root = doc.RootElement;
        var stored = root.GetProperty("stored").GetInt64();
        var rejected = root.GetProperty("rejected").GetArrayLength();
        if (rejected > 0) return (Outcome.Fail($"{rejected} events rejected: {Snippet(root.GetProperty("rejected")[0].GetRawText())}"), stored);
        if (stored != count) return (Outcome.Fail($"stored {stored} of {count}"), stored);
        return (Outcome.Ok(stored), stored);
    }

    /// <summary>The same load loop and bodies against the bare Kestrel ceiling server.</summary>
    private async Task<ScenarioResult> HttpCeilingAsync(string name, string path, int connections, bool batch)
    {
        Console.WriteLine($"  {name}: {connections} connections");
        using var client = LoadGenerator.NewClient(connections);
        var writers = Enumerable.Range(0, connections).Select(_ => bodies.NewWriter()).ToArray();
        var url = new Uri(ceiling.BaseUrl + path);
        var auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("wk_ceiling:")));
        var cpu = new CpuWindow();
        var r = await LoadGenerator.ClosedLoopAsync(connections, Warmup, Measure, async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ReadOnlyMemoryContent(batch ? writers[i].Batch(o.BatchSize) : writers[i].Single()) };
            request.Content.Headers.ContentType = JsonType;
            request.Headers.Authorization = auth;
            using var response = await client.SendAsync(request, ct).ConfigureAwait(false);
            _ = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? Outcome.Ok(batch ? o.BatchSize : 1) : Outcome.Fail(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }, () => cpu.Start(ceiling.Pid), () => cpu.Stop(ceiling.Pid)).ConfigureAwait(false);
        var row = ScenarioResult.From(name, o, connections, r, "events/s", cpu, ProcStats.PeakMemoryMb(ceiling.Pid),
            "minimal-API Kestrel in a separate process, same bodies and load loop") with { Db = "-" };
        Console.WriteLine($"  {name}: {row.Throughput:N0} events/s, p99 {row.P99Ms:N1} ms");
        return row;
    }

    /// <summary>
    /// sqlite-variants (not run by default): the raw SQLite insert of <c>--rows</c> rows, once as the product's schema
    /// and once per <see cref="SqliteVariant"/>, in 500-row and group-sized transactions. Each variant's ratio is to the
    /// baseline with the same transaction size: what that change alone is worth.
    /// </summary>
    public IReadOnlyList<ScenarioResult> SqliteVariants(int connections)
    {
        var results = new List<ScenarioResult>();
        var group = (int)Math.Min(20_000L, (long)connections * o.BatchSize);
        foreach (var perTx in group > o.BatchSize ? new[] { o.BatchSize, group } : [o.BatchSize])
        {
            ScenarioResult? baseline = null;
            foreach (var variant in SqliteVariant.All)
            {
                ct.ThrowIfCancellationRequested();
                var row = SqliteRow($"sqlite: {variant.Name}, {perTx}/tx", SqliteCeiling.Run(repoRoot, o.Rows, perTx, o.Users, variant), variant.Name) with { Connections = connections };
                if (baseline is null)
                {
                    baseline = row;
                }
                else
                {
                    var reference = new CeilingRef(baseline.Name, baseline.Throughput, "rows/s");
                    row = row with { Ceiling = reference, Ratio = row.Throughput / baseline.Throughput };
                }

                Console.WriteLine($"  {row.Name}: {row.Throughput:N0} rows/s, {row.CpuMicrosPerUnit:N1} µs CPU/row, transaction p50 {row.P50Ms:N1} ms");
                results.Add(row);
            }
        }

        return results;
    }

    /// <summary>pgbench counts commits: the product's requests/s over pgbench's TPS (not events/s).</summary>
    private CeilingRef PgbenchRatio(ScenarioResult product) =>
        Pgbench! with { Ratio = Pgbench.Throughput > 0 ? product.RequestsPerSecond / Pgbench.Throughput : null, Note = "product requests/s ÷ pgbench tps" };

    /// <summary>A raw SQLite ceiling as a report row; its req/s and latencies are per transaction.</summary>
    private static ScenarioResult SqliteRow(string name, SqliteCeilingResult r, string note) => new()
    {
        Name = name, Db = "sqlite", Connections = 1, Seconds = r.Seconds, Throughput = r.RowsPerSecond, Unit = "rows/s",
        Requests = r.TransactionMs.Length, RequestsPerSecond = r.TransactionMs.Length / r.Seconds,
        P50Ms = ScenarioResult.Finite(Stats.Percentile(r.TransactionMs, 50)), P95Ms = ScenarioResult.Finite(Stats.Percentile(r.TransactionMs, 95)),
        P99Ms = ScenarioResult.Finite(Stats.Percentile(r.TransactionMs, 99)),
        CpuSeconds = r.CpuSeconds, CpuPercent = 100 * r.CpuSeconds / r.Seconds, CpuMicrosPerUnit = r.CpuSeconds * 1e6 / r.Rows,
        Note = $"{r.Rows:N0} rows, {r.RowsPerTransaction} per transaction; {note}; req/s and latencies are per transaction; CPU is the harness's (single thread)",
    };

    private static ScenarioResult WithCeilings(ScenarioResult product, List<CeilingRef> ceilings)
    {
        var withRatios = ceilings.Select(c => c.Ratio is null && c.Unit != "tps" ? c with { Ratio = c.Throughput > 0 ? product.Throughput / c.Throughput : null } : c).ToList();
        var main = withRatios[0];
        return product with { Ceiling = main with { Ratio = null, Note = null }, Ratio = main.Ratio, Ceilings = withRatios };
    }

    private static string Snippet(string text) => text.Length > 160 ? text[..160] : text;
}
