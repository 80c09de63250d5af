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
        if (FindPgbench() is null) return (null, "pgbench not found on PATH or in /usr/lib/postgresql/*/bin: PostgreSQL ceiling unavailable");
        await using var db = await CreateAsync("eco_bench_pgb_", ct).ConfigureAwait(false);
        var (initCode, initOutput) = await RunPgbenchAsync(db.ConnectionString, ["-i", "-q"], TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        if (initCode != 0) return (null, "pgbench -i failed: " + initOutput.Trim());
        var (tps, note) = await PgbenchTpsAsync(db.ConnectionString, ["-N"], clients, seconds).ConfigureAwait(false);
        return (tps, tps is null ? "pgbench -N failed: " + note : "pgbench -N " + note);
    }

    /// <summary>A timed pgbench run (<c>-c clients -j min(clients, cores) -T seconds</c> after <paramref name="args"/>): its TPS, or null and its output.</summary>
    public static async Task<(double? Tps, string Note)> PgbenchTpsAsync(string connectionString, string[] args, int clients, double seconds)
    {
        var threads = Math.Min(clients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture);
        var timed = $"-c {clients} -j {threads} -T {Math.Max(1, (int)Math.Round(seconds)).ToString(CultureInfo.InvariantCulture)}";
        var (_, output) = await RunPgbenchAsync(connectionString, [.. args, .. timed.Split(' ')], TimeSpan.FromSeconds(seconds + 120)).ConfigureAwait(false);
        var m = TpsLine().Match(output);
        return m.Success ? (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), timed) : (null, output.Trim());
    }

    private static Task<(int ExitCode, string Output)> RunPgbenchAsync(string connectionString, string[] args, TimeSpan timeout)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var s = new ProcessStartInfo(FindPgbench() ?? throw new InvalidOperationException("pgbench not found"));
        foreach (var a in args) s.ArgumentList.Add(a);
        foreach (var a in new[] { "-h", b.Host ?? "127.0.0.1", "-p", b.Port.ToString(CultureInfo.InvariantCulture), "-U", b.Username ?? "postgres", b.Database! }) s.ArgumentList.Add(a);
        if (b.Password is not null) s.Environment["PGPASSWORD"] = b.Password;

        // The same transport as the product's connections: TLS or not, as the connection string says.
        s.Environment["PGSSLMODE"] = b.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        return ChildProcesses.RunAsync(s, timeout);
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();
}
