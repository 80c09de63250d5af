using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ecosystem.Platform.Data;

/// <summary>
/// A statement prepared once on a long-lived SQLite connection and re-executed with positional parameters
/// (<c>?1</c>, <c>?2</c>, …), for writers that own their connection and run the same few statements many thousand times
/// a second (the ingestion writer, ADR 0013). Microsoft.Data.Sqlite re-binds every parameter by name on each
/// execution and allocates a reader per statement; here a row costs one native bind per value and one step.
/// Not thread-safe: one owner at a time, like the connection.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 db;
    private readonly sqlite3_stmt stmt;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out stmt), "prepare");
    }

    /// <summary>Binds text as UTF-16 (SQLite converts it natively; no managed UTF-8 copy per value).</summary>
    public SqliteStatement Bind(int index, string? value) => Checked(value switch
    {
        null => raw.sqlite3_bind_null(stmt, index),
        "" => raw.sqlite3_bind_text(stmt, index, value), // an empty span would pass a null pointer, which SQLite binds as NULL
        _ => raw.sqlite3_bind_text16(stmt, index, value.AsSpan()),
    });

    public SqliteStatement Bind(int index, long? value) =>
        Checked(value is null ? raw.sqlite3_bind_null(stmt, index) : raw.sqlite3_bind_int64(stmt, index, value.Value));

    /// <summary>Runs to the next row: true with a row to read, false when done.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(stmt);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        raw.sqlite3_reset(stmt);
        throw Error(rc, "step");
    }

    /// <summary>Runs a statement that returns no rows, then makes it ready for the next execution.</summary>
    public void Execute()
    {
        try
        {
            while (Step())
            {
            }
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Makes the statement ready to run again and clears its parameters.</summary>
    public void Reset()
    {
        raw.sqlite3_reset(stmt);
        raw.sqlite3_clear_bindings(stmt);
    }

    public bool IsNull(int column) => raw.sqlite3_column_type(stmt, column) == raw.SQLITE_NULL;

    public string? Text(int column) => IsNull(column) ? null : raw.sqlite3_column_text(stmt, column).utf8_to_string();

    public long Int64(int column) => raw.sqlite3_column_int64(stmt, column);

    public double Double(int column) => raw.sqlite3_column_double(stmt, column);

    public long? NullableInt64(int column) => IsNull(column) ? null : raw.sqlite3_column_int64(stmt, column);

    /// <summary>Rows changed by the last insert, update or delete on the connection.</summary>
    public int Changes => raw.sqlite3_changes(db);

    /// <summary>The position of a named parameter (<c>$1</c>, <c>@name</c>), 0 when the statement has none of that name.</summary>
    public int ParameterIndex(string name) => raw.sqlite3_bind_parameter_index(stmt, name);

    public void Dispose() => stmt.Dispose();

    /// <summary>
    /// Opens a connection that its owner keeps for its lifetime (outside the pool, so disposing it closes the file),
    /// with the same per-connection settings as every other connection (<see cref="SqlitePragmaInterceptor"/>).
    /// </summary>
    public static SqliteConnection OpenOwnedConnection(string connectionString)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        try
        {
            connection.Open();
            Exec(connection, SqlitePragmaInterceptor.Pragmas);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>True while the connection has a transaction open (begun with <see cref="Exec"/>).</summary>
    public static bool InTransaction(SqliteConnection connection) =>
        connection.Handle is { } handle && raw.sqlite3_get_autocommit(handle) == 0;

    /// <summary>Runs SQL text that returns no rows (transaction control, pragmas) on the connection.</summary>
    public static void Exec(SqliteConnection connection, string sql)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_exec(handle, sql);
        if (rc != raw.SQLITE_OK) throw new SqliteException($"SQLite error {rc} running '{sql}': {raw.sqlite3_errmsg(handle).utf8_to_string()}", rc);
    }

    private SqliteStatement Checked(int rc)
    {
        Check(rc, "bind");
        return this;
    }

    private void Check(int rc, string what)
    {
        if (rc != raw.SQLITE_OK) throw Error(rc, what);
    }

    private SqliteException Error(int rc, string what) =>
        new($"SQLite error {rc} ({what}): {raw.sqlite3_errmsg(db).utf8_to_string()}", rc, raw.sqlite3_extended_errcode(db));
}

/// <summary>
/// The statements prepared on one long-lived connection, by SQL text, each with the positions of its <c>$1…$n</c>
/// parameters (SQLite numbers named parameters in order of first appearance). Disposed with the connection.
/// </summary>
internal sealed class SqliteStatementCache(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, (SqliteStatement Statement, int[] Positions)> prepared = new(StringComparer.Ordinal);

    public SqliteConnection Connection { get; } = connection;

    /// <summary>The statement for <paramref name="sql"/>, and where each of its <paramref name="parameters"/> <c>$1…$n</c> binds.</summary>
    public (SqliteStatement Statement, int[] Positions) Get(string sql, int parameters)
    {
        if (prepared.TryGetValue(sql, out var entry)) return entry;
        var statement = new SqliteStatement(Connection, sql);
        var positions = new int[parameters];
        for (var i = 0; i < parameters; i++) positions[i] = statement.ParameterIndex("$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        entry = (statement, positions);
        prepared.Add(sql, entry);
        return entry;
    }

    public void Dispose()
    {
        foreach (var (statement, _) in prepared.Values) statement.Dispose();
        prepared.Clear();
    }
}
