using Ecosystem.Platform.Data;
using Microsoft.Data.Sqlite;

namespace Ecosystem.Tests.Unit;

/// <summary>The prepared-statement helper the SQLite ingestion writer runs on (ADR 0013).</summary>
public sealed class SqliteStatementTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("eco-stmt-").FullName;

    [Fact]
    public void Rows_round_trip_and_a_failed_step_leaves_the_statement_usable_and_the_transaction_rollbackable()
    {
        using var connection = SqliteStatement.OpenOwnedConnection($"Data Source={Path.Combine(dir, "t.db")}");
        SqliteStatement.Exec(connection, "CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER NULL, s TEXT NULL)");
        using var insert = new SqliteStatement(connection, "INSERT INTO t (id, n, s) VALUES (?1, ?2, ?3)");
        using var read = new SqliteStatement(connection, "SELECT n, s FROM t WHERE id = ?1");

        SqliteStatement.Exec(connection, "BEGIN IMMEDIATE");
        Assert.True(SqliteStatement.InTransaction(connection));
        insert.Bind(1, "a").Bind(2, long.MaxValue).Bind(3, "Grüße, 日本").Execute();
        insert.Bind(1, "b").Bind(2, (long?)null).Bind(3, (string?)null).Execute();
        var duplicate = Assert.Throws<SqliteException>(() => insert.Bind(1, "a").Bind(2, 1).Bind(3, "x").Execute());
        Assert.Equal(19, duplicate.SqliteErrorCode); // SQLITE_CONSTRAINT
        insert.Bind(1, "c").Bind(2, -5).Bind(3, "").Execute(); // still usable after the failure
        SqliteStatement.Exec(connection, "COMMIT");
        Assert.False(SqliteStatement.InTransaction(connection));

        read.Bind(1, "a");
        Assert.True(read.Step());
        Assert.Equal(long.MaxValue, read.Int64(0));
        Assert.Equal("Grüße, 日本", read.Text(1));
        read.Reset();
        read.Bind(1, "b");
        Assert.True(read.Step());
        Assert.Null(read.NullableInt64(0));
        Assert.Null(read.Text(1));
        read.Reset();
        read.Bind(1, "c");
        Assert.True(read.Step());
        Assert.Equal(-5, read.Int64(0));
        Assert.Equal("", read.Text(1)); // empty text stays text, not NULL
        read.Reset();
        read.Bind(1, "missing");
        Assert.False(read.Step());
        read.Reset();

        SqliteStatement.Exec(connection, "BEGIN IMMEDIATE");
        insert.Bind(1, "d").Bind(2, 1).Bind(3, "rolled back").Execute();
        SqliteStatement.Exec(connection, "ROLLBACK");
        using var count = new SqliteStatement(connection, "SELECT count(*) FROM t");
        Assert.True(count.Step());
        Assert.Equal(3, count.Int64(0));
        count.Reset();
    }

    [Fact]
    public void Bad_sql_is_reported_with_sqlites_message()
    {
        using var connection = SqliteStatement.OpenOwnedConnection($"Data Source={Path.Combine(dir, "t.db")}");
        var error = Assert.Throws<SqliteException>(() => new SqliteStatement(connection, "SELECT * FROM no_such_table"));
        Assert.Contains("no such table", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
