using Npgsql;

namespace Ecosystem.Tests.Infrastructure;

public enum Db { Sqlite, Postgres }

/// <summary>
/// A fresh, empty database per test host. PostgreSQL comes from <c>ECOSYSTEM_TEST_POSTGRES</c> (default: loopback,
/// user postgres); when it is unreachable the test is skipped on a developer machine and fails under <c>CI=true</c>.
/// </summary>
public static class TestDatabases
{
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("ECOSYSTEM_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static volatile bool postgresReachable;

    /// <summary>Null when PostgreSQL answers; a loaded machine gets several patient tries before a test is failed or skipped.</summary>
    private static async Task<string?> PostgresProblemAsync()
    {
        if (postgresReachable) return null;
        string? problem = null;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            try
            {
                var b = new NpgsqlConnectionStringBuilder(PostgresServer) { Timeout = 15, Pooling = false };
                await using var c = new NpgsqlConnection(b.ConnectionString);
                await c.OpenAsync();
                postgresReachable = true;
                return null;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                problem = $"PostgreSQL is not reachable at {new NpgsqlConnectionStringBuilder(PostgresServer).Host}: {ex.Message}";
                if (!IsCi) return problem;
                await Task.Delay(TimeSpan.FromSeconds(2 * (attempt + 1)));
            }
        }

        return problem;
    }

    public static async Task<string> CreateAsync(Db db)
    {
        if (db == Db.Sqlite)
        {
            var dir = Path.Combine(Path.GetTempPath(), "ecosystem-tests");
            Directory.CreateDirectory(dir);
            return $"Data Source={Path.Combine(dir, Guid.NewGuid().ToString("N") + ".db")}";
        }

        if (await PostgresProblemAsync() is { } problem)
        {
            if (IsCi) throw new InvalidOperationException("CI=true requires PostgreSQL: " + problem);
            Assert.Skip(problem + " (set ECOSYSTEM_TEST_POSTGRES; under CI=true this fails)");
        }

        var name = "eco_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Pooling = false }.ConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE {name}";
            await cmd.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, MaxPoolSize = 60 }.ConnectionString;
    }

    public static async Task DropAsync(string connectionString)
    {
        if (connectionString.StartsWith("Data Source=", StringComparison.Ordinal))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var path = connectionString["Data Source=".Length..];
            foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
            return;
        }

        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Pooling = false }.ConnectionString);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"DROP DATABASE IF EXISTS {name} WITH (FORCE)";
        await cmd.ExecuteNonQueryAsync();
    }
}
