using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Ecosystem.Bench;

/// <summary>Scratch PostgreSQL databases for the product and for pgbench, created and dropped by the harness.</summary>
internal static partial class Postgres
{
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("ECOSYSTEM_BENCH_POSTGRES") is { Length: > 0 } s ? s : "Host=127.0.0.1;Username=postgres;Password=postgres";

    public static async Task<ScratchDatabase> CreateAsync(string prefix, CancellationToken ct)
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..12];
        await ExecAsync($"CREATE DATABASE \"{name}\"", ct).ConfigureAwait(false);
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name };
        return new ScratchDatabase(name, builder.ConnectionString);
    }

    private static async Task ExecAsync(string sql, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres", Pooling = false };
        await using var c = new NpgsqlConnection(builder.ConnectionString);
        await c.OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 120;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public sealed class ScratchDatabase(string name, string connectionString) : IAsyncDisposable
    {
        public string Name { get; } = name;
        public string ConnectionString { get; } = connectionString;

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            try
            {
                await ExecAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", CancellationToken.None).ConfigureAwait(false);
            }
            catch (NpgsqlException ex)
            {
                Console.Error.WriteLine($"warning: could not drop database {Name}: {ex.Message}");
            }
        }
    }

    public static string? FindPgbench()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, "pgbench");
            if (File.Exists(path)) return path;
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin", "pgbench")).FirstOrDefault(File.Exists)
            : null;
    }

    /// <summary>pgbench's simple-update TPS (-N) on a scratch database: the commit-rate ceiling of this PostgreSQL.</summary>
    public static async Task<(double? Tps, string Note)> PgbenchAsync(int clients, double seconds, CancellationToken ct)
    {
        var pgbench = FindPgbench();
        if (pgbench is null) return (null, "pgbench not found on PATH or in /usr/lib/postgresql/*/bin: PostgreSQL ceiling unavailable");
        await using var db = await CreateAsync("eco_bench_pgb_", ct).ConfigureAwait(false);
        var b = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        ProcessStartInfo Start(params string[] args)
        {
            var s = new ProcessStartInfo(pgbench);
            foreach (var a in args) s.ArgumentList.Add(a);
            foreach (var a in new[] { "-h", b.Host ?? "127.0.0.1", "-p", b.Port.ToString(CultureInfo.InvariantCulture), "-U", b.Username ?? "postgres", db.Name }) s.ArgumentList.Add(a);
            if (b.Password is not null) s.Environment["PGPASSWORD"] = b.Password;
            return s;
        }

        var init = await ChildProcesses.RunAsync(Start("-i", "-q"), TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        if (init.ExitCode != 0) return (null, "pgbench -i failed: " + init.Output.Trim());
        var threads = Math.Min(clients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture);
        var run = await ChildProcesses.RunAsync(
            Start("-N", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", threads, "-T", Math.Max(1, (int)Math.Round(seconds)).ToString(CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(seconds + 120)).ConfigureAwait(false);
        var m = TpsLine().Match(run.Output);
        return m.Success
            ? (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), $"pgbench -N -c {clients} -j {threads} -T {seconds:0}")
            : (null, "pgbench -N failed: " + run.Output.Trim());
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();
}
