using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Platform.Data;

/// <summary>
/// SQLite only (ADR 0014): copies the write-ahead log back into the database file on its own connection and thread, so
/// the writers do not. By default SQLite runs that checkpoint inside whichever commit pushes the log past 1,000 pages —
/// on this product, the single writer's commit (ADR 0011, 0013), stalling every caller queued behind it. Writers keep
/// a much larger automatic checkpoint (<see cref="SqlitePragmaInterceptor"/>) only as a bound on the log's size if this
/// loop falls behind. A PASSIVE checkpoint never blocks a writer or a reader.
/// </summary>
internal sealed partial class SqliteCheckpointer(DatabaseOptions database, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    /// <summary>How often the log is checkpointed while there is something to copy.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Provider != DatabaseProvider.Sqlite) return;
        SqliteConnection? connection = null;
        SqliteStatement? checkpoint = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(Interval, stoppingToken).ConfigureAwait(false);
                try
                {
                    connection ??= SqliteStatement.OpenOwnedConnection(database.ConnectionString);
                    checkpoint ??= new SqliteStatement(connection, "PRAGMA wal_checkpoint(PASSIVE)");
                    checkpoint.Step();
                    checkpoint.Reset();
                }
                catch (SqliteException ex)
                {
                    // A busy or missing database (before migrations, or while a test deletes it) is tried again next time.
                    LogCheckpointFailed(logger, ex);
                    checkpoint?.Dispose();
                    checkpoint = null;
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            checkpoint?.Dispose();
            connection?.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "WAL checkpoint failed; retrying")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception ex);
}
