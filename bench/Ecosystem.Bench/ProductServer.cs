using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Ecosystem.Bench;

/// <summary>
/// The real product (the Release build of src/Ecosystem.Host) as a separate process on a free loopback port, with a
/// fresh database: a SQLite file in a temp dir, or a new PostgreSQL database. Demo mode seeds admin/admin.
/// </summary>
internal sealed class ProductServer : IAsyncDisposable
{
    private readonly StringBuilder log = new();
    private readonly string dataDir;
    private readonly Postgres.ScratchDatabase? database;
    private Process? process;

    private ProductServer(string baseUrl, string dataDir, Postgres.ScratchDatabase? database)
    {
        BaseUrl = baseUrl;
        this.dataDir = dataDir;
        this.database = database;
    }

    public string BaseUrl { get; }
    public int Pid => process?.Id ?? throw new InvalidOperationException("Not started.");
    public string AdminToken { get; private set; } = "";
    public string WriteKey { get; private set; } = "";

    /// <summary>From starting the process to the first 200 from /health/ready (migrations and demo seeding included).</summary>
    public TimeSpan ReadyAfter { get; private set; }

    public string Log
    {
        get { lock (log) return log.ToString(); }
    }

    public static async Task<ProductServer> StartAsync(string repoRoot, BenchOptions options, CancellationToken ct)
    {
        var hostDll = await EnsureBuiltAsync(repoRoot).ConfigureAwait(false);
        var port = ChildProcesses.FreePort();
        var dataDir = Path.Combine(Path.GetTempPath(), "ecosystem-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDir);
        var database = options.Db == "postgres" ? await Postgres.CreateAsync("eco_bench_", ct).ConfigureAwait(false) : null;
        var server = new ProductServer($"http://127.0.0.1:{port}", dataDir, database);
        var started = false;
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { hostDll, "--urls", server.BaseUrl, "--contentRoot", Path.Combine(repoRoot, "src", "Ecosystem.Host") },
                WorkingDirectory = dataDir,
            };
            start.Environment["ConnectionStrings__Ecosystem"] = database?.ConnectionString ?? $"Data Source={server.SqliteFile}";
            start.Environment["Ecosystem__Demo"] = "true";
            start.Environment["Ecosystem__MigrateOnStartup"] = "true";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            // One load generator on one address is not an abusive client: the per-IP login limit would stop the onboarding of
            // card-purchase people at 120 logins a minute.
            start.Environment["Ecosystem__RateLimits__LoginPerMinute"] = "0";
            // Likewise the per-IP limit of anonymous endpoints (the shop's catalog, price and cart reads).
            start.Environment["Ecosystem__RateLimits__PublicPerMinute"] = "0";
            foreach (var (k, v) in options.ProductEnvironment) start.Environment[k] = v;
            var clock = Stopwatch.StartNew();
            server.process = ChildProcesses.Start(start, line =>
            {
                lock (server.log)
                {
                    if (server.log.Length < 200_000) server.log.AppendLine(line);
                }
            });
            await server.WaitReadyAsync(ct).ConfigureAwait(false);
            server.ReadyAfter = clock.Elapsed;
            await server.SeedAsync(ct).ConfigureAwait(false);
            started = true;
            return server;
        }
        finally
        {
            if (!started) await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The product's Release build; built here only when missing (dotnet run normally builds it first).</summary>
    public static async Task<string> EnsureBuiltAsync(string repoRoot)
    {
        var hostDll = Path.Combine(repoRoot, "src", "Ecosystem.Host", "bin", "Release", "net10.0", "ecosystem.dll");
        if (File.Exists(hostDll)) return hostDll;
        Console.WriteLine($"{hostDll} is missing: running dotnet build -c Release src/Ecosystem.Host");
        var (code, output) = await ChildProcesses.RunAsync(
            new ProcessStartInfo("dotnet") { ArgumentList = { "build", "-c", "Release", Path.Combine("src", "Ecosystem.Host") }, WorkingDirectory = repoRoot },
            TimeSpan.FromMinutes(15)).ConfigureAwait(false);
        if (code != 0 || !File.Exists(hostDll)) throw new InvalidOperationException("Building the product failed:\n" + output);
        return hostDll;
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                using var response = await http.GetAsync(BaseUrl + "/health/ready", ct).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // A slow answer while the machine is busy; try again.
            }

            if (process!.HasExited) throw new InvalidOperationException($"The product exited with {process.ExitCode} before it was ready:\n{Log}");
            if (deadline.Elapsed > TimeSpan.FromSeconds(120)) throw new InvalidOperationException("The product was not ready within 120 s:\n" + Log);
            await Task.Delay(50, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Logs in as admin/admin (demo data) and creates a write key for the ingestion source.</summary>
    private async Task SeedAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        using var login = await http.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "admin" }, ct).ConfigureAwait(false);
        var loginBody = await login.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!login.IsSuccessStatusCode) throw new InvalidOperationException($"Login as admin failed: {(int)login.StatusCode} {loginBody}");
        using (var doc = JsonDocument.Parse(loginBody)) AdminToken = doc.RootElement.GetProperty("accessToken").GetString()!;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/write-keys") { Content = JsonContent.Create(new { name = "bench", policy = "reject" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var created = await http.SendAsync(request, ct).ConfigureAwait(false);
        var createdBody = await created.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!created.IsSuccessStatusCode) throw new InvalidOperationException($"Creating a write key failed: {(int)created.StatusCode} {createdBody}");
        using (var doc = JsonDocument.Parse(createdBody)) WriteKey = doc.RootElement.GetProperty("writeKey").GetString()!;
    }

    /// <summary>HTTP Basic with the write key as user and an empty password (Segment's convention).</summary>
    public AuthenticationHeaderValue WriteKeyAuth => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(WriteKey + ":")));

    public double PeakMemoryMb() => ProcStats.PeakMemoryMb(Pid);

    /// <summary>The product's database: its PostgreSQL connection string, or null on SQLite (see <see cref="SqliteFile"/>).</summary>
    public string? PostgresConnectionString => database?.ConnectionString;

    public string SqliteFile => Path.Combine(dataDir, "ecosystem.db");

    /// <summary>Stops the product but keeps its database until <see cref="DisposeAsync"/> (for a ceiling run on it).</summary>
    public async Task StopProcessAsync()
    {
        if (process is not null) await ChildProcesses.StopAsync(process).ConfigureAwait(false);
        process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync().ConfigureAwait(false);
        if (database is not null) await database.DisposeAsync().ConfigureAwait(false);
        try
        {
            if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"warning: could not delete {dataDir}: {ex.Message}");
        }
    }
}
