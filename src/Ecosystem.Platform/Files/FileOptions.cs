using Ecosystem.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Ecosystem.Platform.Files;

/// <summary>
/// <c>Ecosystem:Files:Store</c>: <c>folder</c> (the default on SQLite: files under <c>Ecosystem:Files:Root</c>, by
/// default a <c>files</c> folder beside the database file) or <c>database</c> (the default on PostgreSQL, so several
/// instances share them). <c>Ecosystem:Files:LinkMinutes</c>: how long a download link works (default 5).
/// </summary>
public sealed record FileOptions(bool InDatabase, string? Root, TimeSpan LinkLifetime)
{
    public static FileOptions From(IConfiguration configuration, DatabaseOptions database)
    {
        var store = configuration["Ecosystem:Files:Store"] ?? (database.Provider == DatabaseProvider.Postgres ? "database" : "folder");
        if (store is not ("folder" or "database")) throw new InvalidOperationException("Ecosystem:Files:Store must be 'folder' or 'database'.");
        var minutes = configuration.GetValue("Ecosystem:Files:LinkMinutes", 5.0);
        if (minutes is <= 0 or > 24 * 60) throw new InvalidOperationException("Ecosystem:Files:LinkMinutes must be more than 0 and at most 1440.");
        string? root = null;
        if (store == "folder")
        {
            root = configuration["Ecosystem:Files:Root"];
            if (string.IsNullOrWhiteSpace(root))
            {
                if (database.Provider != DatabaseProvider.Sqlite) throw new InvalidOperationException("Set Ecosystem:Files:Root for the folder store.");
                var dataSource = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
                root = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dataSource)) ?? ".", "files");
            }

            root = Path.GetFullPath(root);
        }

        return new FileOptions(store == "database", root, TimeSpan.FromMinutes(minutes));
    }
}
