using Ecosystem.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Ecosystem.Tests.Platform;

/// <summary>
/// ADR 0014: the write-ahead log is copied back into the database file by the product's own checkpointer, not inside
/// the writers' commits (their automatic checkpoint only starts at 64 MB of log).
/// </summary>
public sealed class SqliteCheckpointerTests() : AppTest(Db.Sqlite)
{
    [Fact]
    public async Task Committed_pages_reach_the_database_file_without_any_writer_checkpointing()
    {
        var path = new SqliteConnectionStringBuilder(App.ConnectionString).DataSource;
        await using (var c = new SqliteConnection(App.ConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            // This connection never checkpoints itself, and 2 MB of log is far below the product's own 64 MB bound.
            cmd.CommandText = """
                PRAGMA wal_autocheckpoint = 0;
                CREATE TABLE checkpoint_probe (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                INSERT INTO checkpoint_probe (id, payload) SELECT i, printf('%.1000c', 'x') FROM n;
                """;
            await cmd.ExecuteNonQueryAsync();
        }

        // Read the database file alone, as it would be without its log: a copy without the -wal file.
        var copy = Path.Combine(Path.GetDirectoryName(path)!, "main-only-" + Guid.NewGuid().ToString("N") + ".db");
        long rows = -1;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (rows != 2000 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            rows = CountInFileAlone(path, copy);
        }

        Assert.Equal(2000, rows);
    }

    private static long CountInFileAlone(string path, string copy)
    {
        try
        {
            File.Copy(path, copy, overwrite: true);
            using var c = new SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM checkpoint_probe";
            return (long)cmd.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return -1; // not there yet, or the copy caught a checkpoint half-way
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
