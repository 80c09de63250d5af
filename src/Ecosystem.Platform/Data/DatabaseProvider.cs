namespace Ecosystem.Platform.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>The one database every module shares, chosen by <c>ConnectionStrings:Ecosystem</c>.</summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString, bool IsEmbeddedDefault)
{
    public const string DefaultSqlite = "Data Source=./data/ecosystem.db";

    public static DatabaseOptions FromConnectionString(string? configured)
    {
        var cs = string.IsNullOrWhiteSpace(configured) ? DefaultSqlite : configured.Trim();
        var isDefault = string.IsNullOrWhiteSpace(configured);
        if (cs.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) || cs.Contains(";Host=", StringComparison.OrdinalIgnoreCase)
            || cs.StartsWith("Server=", StringComparison.OrdinalIgnoreCase))
        {
            return new DatabaseOptions(DatabaseProvider.Postgres, WithPostgresDefaults(cs), false);
        }

        if (cs.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase) || cs.StartsWith("DataSource=", StringComparison.OrdinalIgnoreCase)
            || cs.StartsWith("Filename=", StringComparison.OrdinalIgnoreCase))
        {
            return new DatabaseOptions(DatabaseProvider.Sqlite, WithSqliteDefaults(cs), isDefault);
        }

        throw new InvalidOperationException(
            "ConnectionStrings:Ecosystem must be a SQLite 'Data Source=…' or a PostgreSQL 'Host=…' connection string.");
    }

    /// <summary>For logs and the start-up banner: the provider and where the data lives, never credentials.</summary>
    public string Describe()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            return "SQLite at " + new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource + (IsEmbeddedDefault ? " (embedded default)" : "");
        }

        var b = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL at {b.Host}:{b.Port}/{b.Database}";
    }

    /// <summary>
    /// Pooled connections keep their prepared statements (ADR 0017). Npgsql's default resets a connection with
    /// <c>DISCARD ALL</c> whenever it goes back to the pool, which drops every prepared statement, so PostgreSQL parsed
    /// and planned each of an authorization's statements anew. The product leaves no session state behind (no
    /// <c>SET</c>, temporary tables, <c>LISTEN</c> or session advisory locks), so the reset buys nothing; the hot
    /// statements are prepared automatically after their second use. Either setting given in the connection string wins.
    /// </summary>
    private static string WithPostgresDefaults(string cs)
    {
        // Npgsql's builder answers ContainsKey for every keyword it knows; the generic one only for those given.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = cs }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(cs);
        if (!given.Contains("NoResetOnClose")) builder.NoResetOnClose = true;
        if (!given.Contains("MaxAutoPrepare")) builder.MaxAutoPrepare = 64;
        return builder.ConnectionString;
    }

    private static string WithSqliteDefaults(string cs)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs);
        if (builder.DataSource != ":memory:" && !builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(builder.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            builder.DataSource = full;
        }

        builder.Pooling = true;
        if (builder.DefaultTimeout < 30) builder.DefaultTimeout = 30;
        return builder.ToString();
    }
}
