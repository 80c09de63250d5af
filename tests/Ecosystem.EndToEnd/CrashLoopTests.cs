using Npgsql;

namespace Ecosystem.EndToEnd;

/// <summary>
/// CI-sized crash loops (5 SIGKILLs on SQLite, 3 on PostgreSQL); <c>scripts/crash-loop.sh 50</c> runs the full one by
/// setting <c>CRASH_LOOP_CYCLES</c> (and <c>CRASH_LOOP_SEED</c> to replay a run).
/// </summary>
public sealed class CrashLoopTests
{
    private static int Cycles(int ci) => int.TryParse(Environment.GetEnvironmentVariable("CRASH_LOOP_CYCLES"), out var n) ? n : ci;

    private static int Seed() => int.TryParse(Environment.GetEnvironmentVariable("CRASH_LOOP_SEED"), out var s) ? s : Random.Shared.Next(1, 1_000_000);

    [Fact]
    public async Task Sqlite_keeps_every_acknowledged_write_through_SIGKILLs()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ecosystem-crash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            await RunAsync($"Data Source={Path.Combine(dir, "ecosystem.db")}", Cycles(5));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Postgres_keeps_every_acknowledged_write_through_SIGKILLs()
    {
        var server = Environment.GetEnvironmentVariable("ECOSYSTEM_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";
        var name = "eco_crash_" + Guid.NewGuid().ToString("N")[..12];
        var admin = new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString;
        try
        {
            await ExecuteAsync(admin, $"CREATE DATABASE {name}");
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) throw;
            Assert.Skip("PostgreSQL is not reachable: " + ex.Message);
        }

        try
        {
            await RunAsync(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, Cycles(3));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    private static async Task RunAsync(string connectionString, int cycles)
    {
        var output = TestContext.Current.TestOutputHelper;
        var figures = await new CrashLoop(connectionString, line => output?.WriteLine(line)).RunAsync(cycles, Seed());
        output?.WriteLine(figures.ToString());
        var file = Path.Combine(ProductProcess.RepoRoot, "TestResults", "crash-loop.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.AppendAllTextAsync(file, $"{DateTimeOffset.UtcNow:u} {figures}{Environment.NewLine}");
        Assert.True(figures.Purchases > 0 && figures.Events > 0, "the load acknowledged nothing, so the loop proved nothing: " + figures);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
