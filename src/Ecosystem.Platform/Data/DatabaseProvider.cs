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
            return new DatabaseOptions(DatabaseProvider.Postgres, cs, false);
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
