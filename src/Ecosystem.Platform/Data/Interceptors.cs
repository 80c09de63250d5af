using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ecosystem.Platform.Data;

public static class RowLocks
{
    internal const string ForUpdateTag = "ecosystem:for-update";
    internal const string SkipLockedTag = "ecosystem:for-update-skip-locked";

    /// <summary>
    /// Locks the selected rows until the transaction ends (<c>FOR UPDATE</c> on PostgreSQL). On SQLite the write
    /// transaction already holds the database's single write lock, so nothing is added.
    /// </summary>
    public static IQueryable<T> ForUpdate<T>(this IQueryable<T> query) => query.TagWith(ForUpdateTag);

    /// <summary>Like <see cref="ForUpdate{T}"/>, but rows another transaction holds are skipped (work queues).</summary>
    public static IQueryable<T> ForUpdateSkipLocked<T>(this IQueryable<T> query) => query.TagWith(SkipLockedTag);
}

/// <summary>Appends <c>FOR UPDATE</c> to PostgreSQL queries tagged by <see cref="RowLocks.ForUpdate{T}"/>.</summary>
internal sealed class RowLockInterceptor : DbCommandInterceptor
{
    private const string Marker = "-- " + RowLocks.ForUpdateTag;
    private const string SkipLockedMarker = "-- " + RowLocks.SkipLockedTag;

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Apply(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Apply(command);
        return ValueTask.FromResult(result);
    }

    private static void Apply(DbCommand command)
    {
        var text = command.CommandText;
        if (text.StartsWith(SkipLockedMarker, StringComparison.Ordinal))
        {
            command.CommandText = text.TrimEnd().TrimEnd(';') + " FOR UPDATE SKIP LOCKED";
        }
        else if (text.StartsWith(Marker, StringComparison.Ordinal))
        {
            command.CommandText = text.TrimEnd().TrimEnd(';') + " FOR UPDATE";
        }
    }
}

/// <summary>
/// PostgreSQL: an EF command on a unit of work's connection first sends the unit's held-back lean writes
/// (<see cref="UnitOfWork.Defer"/>, ADR 0018), so EF sees them and the statements reach the server in the order the
/// unit issued them.
/// </summary>
internal sealed class PendingWritesInterceptor : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Flush(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        FlushAsync(command, result, cancellationToken);

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Flush(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        FlushAsync(command, result, cancellationToken);

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Flush(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        FlushAsync(command, result, cancellationToken);

    private static UnitOfWork? Holding(DbCommand command) =>
        UnitOfWork.Current is { HasPendingWrites: true } unit && ReferenceEquals(unit.Connection, command.Connection) ? unit : null;

    private static T Flush<T>(DbCommand command, T result)
    {
        Holding(command)?.FlushPendingWrites();
        return result;
    }

    private static async ValueTask<T> FlushAsync<T>(DbCommand command, T result, CancellationToken cancellationToken)
    {
        if (Holding(command) is { } unit) await unit.FlushPendingWritesAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }
}

/// <summary>
/// Per-connection SQLite settings: foreign keys on, a busy timeout, full fsync for money, and an automatic checkpoint
/// only once the log holds 16,384 pages (64 MB): <see cref="SqliteCheckpointer"/> checkpoints on its own thread, and
/// this bound only applies if it falls behind (ADR 0014). Statement and savepoint journals stay in memory
/// (<c>temp_store=MEMORY</c>, ADR 0017): the writer loop runs every unit as a SAVEPOINT, and SQLite copies each page a
/// unit first changes into the savepoint's journal, by default a temporary file (a pwrite per page, about a tenth of
/// the process's CPU under card-purchase). Nothing durable depends on those journals.
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    internal const string Pragmas = "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=16384; PRAGMA temp_store=MEMORY;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas;
        cmd.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var cmd = connection.CreateCommand();
        await using (cmd.ConfigureAwait(false))
        {
            cmd.CommandText = Pragmas;
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

public static class DbContextOptionsExtensions
{
    /// <summary>Configures a module DbContext for the platform's database, whichever provider it is.</summary>
    public static DbContextOptionsBuilder UseEcosystemDatabase(this DbContextOptionsBuilder options, DatabaseOptions database, string module)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(database.ConnectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_unused", module));
            options.AddInterceptors(new RowLockInterceptor(), new PendingWritesInterceptor());
        }
        else
        {
            options.UseSqlite(database.ConnectionString);
            options.AddInterceptors(new SqlitePragmaInterceptor());
        }

        options.ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, ProviderAwareModelCacheKeyFactory>();
        return options;
    }
}
