using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ecosystem.Platform.Data;

public sealed record DatabaseCheck(string Setting, string Expected, string Actual, bool Ok, bool Critical);

/// <summary>Start-up checks of the settings the platform's guarantees depend on (durability, foreign keys, locking).</summary>
public sealed partial class DatabaseChecks(DatabaseOptions database, ILogger<DatabaseChecks> logger)
{
    public async Task<IReadOnlyList<DatabaseCheck>> RunAsync(CancellationToken ct)
    {
        var checks = new List<DatabaseCheck>();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await using var c = new SqliteConnection(database.ConnectionString);
            await c.OpenAsync(ct).ConfigureAwait(false);
            await Exec(c, SqlitePragmaInterceptor.Pragmas, ct).ConfigureAwait(false);
            var journal = await Scalar(c, "PRAGMA journal_mode;", ct).ConfigureAwait(false);
            checks.Add(new("journal_mode", "wal", journal, journal.Equals("wal", StringComparison.OrdinalIgnoreCase) || c.DataSource == ":memory:", true));
            var fk = await Scalar(c, "PRAGMA foreign_keys;", ct).ConfigureAwait(false);
            checks.Add(new("foreign_keys", "1", fk, fk == "1", true));
            var sync = await Scalar(c, "PRAGMA synchronous;", ct).ConfigureAwait(false);
            checks.Add(new("synchronous", "2 (FULL)", sync, sync == "2", true));
            var busy = await Scalar(c, "PRAGMA busy_timeout;", ct).ConfigureAwait(false);
            checks.Add(new("busy_timeout", "> 0", busy, int.Parse(busy, CultureInfo.InvariantCulture) > 0, true));
            var temp = await Scalar(c, "PRAGMA temp_store;", ct).ConfigureAwait(false);
            checks.Add(new("temp_store", "2 (MEMORY)", temp, temp == "2", false));
            var version = await Scalar(c, "SELECT sqlite_version();", ct).ConfigureAwait(false);
            checks.Add(new("sqlite_version", ">= 3.35 (RETURNING)", version, Version.Parse(version) >= new Version(3, 35), true));
        }
        else
        {
            await using var c = new NpgsqlConnection(database.ConnectionString);
            await c.OpenAsync(ct).ConfigureAwait(false);
            var version = await Scalar(c, "SHOW server_version_num;", ct).ConfigureAwait(false);
            checks.Add(new("server_version_num", ">= 130000", version, int.Parse(version, CultureInfo.InvariantCulture) >= 130000, true));
            var sync = await Scalar(c, "SHOW synchronous_commit;", ct).ConfigureAwait(false);
            checks.Add(new("synchronous_commit", "on", sync, sync is "on" or "remote_apply" or "remote_write", false));
            var fsync = await Scalar(c, "SHOW fsync;", ct).ConfigureAwait(false);
            checks.Add(new("fsync", "on", fsync, fsync == "on", false));
            var isolation = await Scalar(c, "SHOW default_transaction_isolation;", ct).ConfigureAwait(false);
            checks.Add(new("default_transaction_isolation", "read committed", isolation, isolation == "read committed", true));
        }

        foreach (var check in checks.Where(c => !c.Ok))
        {
            LogCheckFailed(logger, check.Setting, check.Expected, check.Actual);
        }

        var critical = checks.Where(c => !c.Ok && c.Critical).ToList();
        if (critical.Count > 0)
        {
            throw new InvalidOperationException("Database settings are unsafe: " + string.Join("; ", critical.Select(c => $"{c.Setting} is {c.Actual}, expected {c.Expected}")));
        }

        return checks;
    }

    private static async Task Exec(DbConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<string> Scalar(DbConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture) ?? "";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database setting {Setting}: expected {Expected}, found {Actual}")]
    private static partial void LogCheckFailed(ILogger logger, string setting, string expected, string actual);
}
