using System.Data.Common;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ecosystem.Platform.Data;

/// <summary>A module's schema: its name and the assembly that embeds <c>migrations/{sqlite|postgres}/NNNN_name.sql</c>.</summary>
public sealed record ModuleSchema(string Module, Assembly Assembly, Type DbContextType);

public sealed record MigrationScript(string Module, int Version, string Name, string Sql, string Checksum);

/// <summary>
/// Applies versioned SQL scripts per module and provider, in order, each in its own transaction, and records module,
/// version and checksum. A script changed after it was applied stops the start. Several instances starting at once
/// serialise on an advisory lock (PostgreSQL) or the write lock (SQLite).
/// </summary>
public sealed partial class Migrator(DatabaseOptions database, IEnumerable<ModuleSchema> modules, TimeProvider time, ILogger<Migrator> logger)
{
    private string Table => database.Provider == DatabaseProvider.Postgres ? "platform.schema_migrations" : "platform_schema_migrations";

    public IReadOnlyList<MigrationScript> Scripts()
    {
        var folder = database.Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";
        var list = new List<MigrationScript>();
        foreach (var module in modules.DistinctBy(m => m.Module))
        {
            foreach (var resource in module.Assembly.GetManifestResourceNames().Where(n => n.StartsWith($"migrations/{folder}/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var file = resource[(resource.LastIndexOf('/') + 1)..^4];
                var version = int.Parse(file[..4], System.Globalization.CultureInfo.InvariantCulture);
                using var stream = module.Assembly.GetManifestResourceStream(resource)!;
                using var reader = new StreamReader(stream);
                var sql = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
                var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
                list.Add(new MigrationScript(module.Module, version, file, sql, checksum));
            }
        }

        return list;
    }

    public async Task<IReadOnlyList<MigrationScript>> PendingAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        var applied = await AppliedAsync(connection, null, ct).ConfigureAwait(false);
        return Scripts().Where(s => !applied.ContainsKey((s.Module, s.Version))).ToList();
    }

    public async Task<int> MigrateAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await ExecAsync(connection, null, "PRAGMA journal_mode=WAL;", ct).ConfigureAwait(false);
        }

        var count = 0;
        foreach (var script in Scripts())
        {
            await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            if (database.Provider == DatabaseProvider.Postgres)
            {
                await ExecAsync(connection, tx, "SELECT pg_advisory_xact_lock(72426001);", ct).ConfigureAwait(false);
            }

            await EnsureTableAsync(connection, tx, ct).ConfigureAwait(false);
            var applied = await AppliedAsync(connection, tx, ct).ConfigureAwait(false);
            if (applied.TryGetValue((script.Module, script.Version), out var checksum))
            {
                if (checksum != script.Checksum)
                {
                    throw new InvalidOperationException(
                        $"Migration {script.Module}/{script.Name} was changed after it was applied (checksum {checksum} in the database, {script.Checksum} now). Add a new migration instead.");
                }

                await tx.RollbackAsync(ct).ConfigureAwait(false);
                continue;
            }

            await ExecAsync(connection, tx, script.Sql, ct).ConfigureAwait(false);
            await using (var insert = connection.CreateCommand())
            {
                insert.Transaction = tx;
                insert.CommandText = $"INSERT INTO {Table} (module, version, name, checksum, applied_at) VALUES (@m, @v, @n, @c, @a)";
                AddParam(insert, "@m", script.Module);
                AddParam(insert, "@v", script.Version);
                AddParam(insert, "@n", script.Name);
                AddParam(insert, "@c", script.Checksum);
                AddParam(insert, "@a", time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            await tx.CommitAsync(ct).ConfigureAwait(false);
            LogApplied(logger, script.Module, script.Name);
            count++;
        }

        return count;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        DbConnection connection = database.Provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(database.ConnectionString)
            : new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await ExecAsync(connection, null, SqlitePragmaInterceptor.Pragmas, ct).ConfigureAwait(false);
        }

        return connection;
    }

    private async Task EnsureTableAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        var ddl = database.Provider == DatabaseProvider.Postgres
            ? "CREATE SCHEMA IF NOT EXISTS platform; CREATE TABLE IF NOT EXISTS platform.schema_migrations (module varchar(50) NOT NULL, version integer NOT NULL, name varchar(200) NOT NULL, checksum varchar(64) NOT NULL, applied_at varchar(40) NOT NULL, PRIMARY KEY (module, version));"
            : "CREATE TABLE IF NOT EXISTS platform_schema_migrations (module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (module, version));";
        await ExecAsync(connection, tx, ddl, ct).ConfigureAwait(false);
    }

    private async Task<Dictionary<(string, int), string>> AppliedAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct)
    {
        var result = new Dictionary<(string, int), string>();
        if (tx is null)
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = database.Provider == DatabaseProvider.Postgres
                ? "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'platform' AND table_name = 'schema_migrations'"
                : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'platform_schema_migrations'";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0) return result;
        }

        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT module, version, checksum FROM {Table}";
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            result[(reader.GetString(0), Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture))] = reader.GetString(2);
        }

        return result;
    }

    private static async Task ExecAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static void AddParam(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Module}/{Name}")]
    private static partial void LogApplied(ILogger logger, string module, string name);
}
