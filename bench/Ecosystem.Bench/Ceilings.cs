using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Bench;

/// <summary>
/// The bare HTTP ceiling: a minimal-API Kestrel server, run as a separate process (this program with
/// <c>--serve-http-ceiling PORT</c>) so it competes for the 2 cores the way the product does. Endpoints:
/// <c>POST /batch</c> reads the whole body and answers a small JSON; <c>POST /batch-json</c> also parses it with
/// JsonDocument and reads every event's fields, as the product's endpoint does before validation; <c>POST /event</c>
/// reads one event body.
/// </summary>
internal static class HttpCeilingServer
{
    public const string Flag = "--serve-http-ceiling";

    public static async Task<int> RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapPost("/batch", async (HttpRequest request) =>
        {
            var bytes = await ReadAllAsync(request).ConfigureAwait(false);
            return Results.Json(new SmallAnswer(true, bytes.Length, 0), CeilingJson.Default.SmallAnswer);
        });
        app.MapPost("/batch-json", async (HttpRequest request) =>
        {
            var bytes = await ReadAllAsync(request).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(bytes);
            var count = 0;
            foreach (var e in doc.RootElement.GetProperty("events").EnumerateArray())
            {
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.String) _ = p.Value.GetString();
                    else _ = p.Value.GetRawText();
                }

                count++;
            }

            return Results.Json(new SmallAnswer(true, bytes.Length, count), CeilingJson.Default.SmallAnswer);
        });
        app.MapPost("/event", async (HttpRequest request) =>
        {
            var bytes = await ReadAllAsync(request).ConfigureAwait(false);
            return Results.Json(new SmallAnswer(true, bytes.Length, 1), CeilingJson.Default.SmallAnswer, statusCode: 202);
        });
        app.MapGet("/ready", () => "ok");
        await app.StartAsync().ConfigureAwait(false);
        // Runs until the harness kills it or closes our standard input (the harness died), whichever comes first.
        var stdinClosed = Task.Run(() => Console.In.ReadToEnd());
        await stdinClosed.ConfigureAwait(false);
        await app.StopAsync().ConfigureAwait(false);
        return 0;
    }

    private static async Task<byte[]> ReadAllAsync(HttpRequest request)
    {
        using var ms = new MemoryStream(request.ContentLength is > 0 and < 4_000_000 ? (int)request.ContentLength.Value : 16 * 1024);
        await request.Body.CopyToAsync(ms).ConfigureAwait(false);
        return ms.ToArray();
    }

    public static async Task<CeilingProcess> StartAsync(CancellationToken ct)
    {
        var port = ChildProcesses.FreePort();
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { typeof(HttpCeilingServer).Assembly.Location, Flag, port.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        start.Environment["DOTNET_gcServer"] = "1";
        var log = new StringBuilder();
        var p = ChildProcesses.Start(start, line => { lock (log) log.AppendLine(line); });
        var url = $"http://127.0.0.1:{port}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var sw = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var r = await http.GetAsync(url + "/ready", ct).ConfigureAwait(false);
                if (r.IsSuccessStatusCode) return new CeilingProcess(p, url);
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (p.HasExited || sw.Elapsed > TimeSpan.FromSeconds(60))
            {
                await ChildProcesses.StopAsync(p).ConfigureAwait(false);
                lock (log) throw new InvalidOperationException("The HTTP ceiling server did not start:\n" + log);
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }
}

internal sealed record SmallAnswer(bool Ok, int Bytes, int Events);

[System.Text.Json.Serialization.JsonSerializable(typeof(SmallAnswer))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class CeilingJson : System.Text.Json.Serialization.JsonSerializerContext;

internal sealed class CeilingProcess(Process process, string baseUrl) : IAsyncDisposable
{
    public string BaseUrl { get; } = baseUrl;
    public int Pid { get; } = process.Id;

    public ValueTask DisposeAsync() => new(ChildProcesses.StopAsync(process));
}

/// <summary>
/// The raw SQLite ceiling: a fresh file with the analytics migrations (the same analytics_events table and indexes,
/// read from src/Modules/Analytics/Data/Migrations/sqlite), WAL and synchronous=FULL as the product runs, and the
/// rows inserted with one prepared statement in transactions of <c>rowsPerTransaction</c>. No HTTP, no JSON, no
/// validation, no Customer 360: what SQLite alone does on this disk.
/// </summary>
internal static class SqliteCeiling
{
    public static SqliteCeilingResult Run(string repoRoot, long rows, int rowsPerTransaction, int users)
    {
        var dir = Path.Combine(Path.GetTempPath(), "ecosystem-bench-sqlite-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "ceiling.db");
            using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
            c.Open();
            Exec(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;");
            var migrations = Path.Combine(repoRoot, "src", "Modules", "Analytics", "Data", "Migrations", "sqlite");
            foreach (var script in Directory.GetFiles(migrations, "*.sql").Order(StringComparer.Ordinal)) Exec(c, File.ReadAllText(script));

            using var insert = c.CreateCommand();
            insert.CommandText = "INSERT INTO analytics_events (event_id, event_name, occurred_at, received_at, user_ecosystem_id, anonymous_id, journey_id, channel, actor_role, source, write_key_id, metadata, context) " +
                "VALUES ($a, $b, $c, $d, $e, $f, $g, $h, $i, $j, $k, $l, $m) ON CONFLICT (event_id) DO NOTHING";
            var p = "abcdefghijklm".Select(n => insert.Parameters.Add(new SqliteParameter("$" + n, null))).ToArray();
            insert.Prepare();
            var random = new Random(42);
            var run = Guid.NewGuid().ToString("N")[..8];
            var nowMicros = (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10;
            string[] targets = ["{\"target\":\"/app\"}", "{\"target\":\"/app/card\"}", "{\"target\":\"/admin/events\"}", "{\"target\":\"/app/card/purchases\"}"];
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var commits = new List<double>();
            long done = 0;
            while (done < rows)
            {
                var t0 = Stopwatch.GetTimestamp();
                using var tx = c.BeginTransaction();
                insert.Transaction = tx;
                var n = (int)Math.Min(rowsPerTransaction, rows - done);
                for (var i = 0; i < n; i++)
                {
                    var navigation = random.Next(10) < 7;
                    p[0].Value = $"evt_bench_{run}_{(done + i).ToString("x", System.Globalization.CultureInfo.InvariantCulture)}";
                    p[1].Value = navigation ? "com.ecosystem.shell.navigation.clicked" : "com.ecosystem.web.page.viewed";
                    p[2].Value = nowMicros + done + i;
                    p[3].Value = nowMicros + done + i;
                    p[4].Value = "usr_bench_" + (random.Next(users) + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
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

    private static void Exec(SqliteConnection c, string sql)
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
