using System.Data.Common;
using System.Globalization;
using Ecosystem.Platform.Outbox;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Ecosystem.Platform.Data;

/// <summary>
/// SQLite allows one writer at a time, and every durable commit costs an fsync. All writes of this process therefore
/// go through this gate (ADR 0011):
/// <list type="bullet">
/// <item>Units of work (<see cref="Transactions.RunAsync{T}"/>) take turns on one writer connection. Each runs inside a
/// SAVEPOINT of a shared transaction; while other units are waiting, the next one continues that transaction, and the
/// last one of a run commits it: one fsync for the whole group (group commit). Every caller is answered only after
/// the commit that made its unit durable; if that commit fails, all of its callers see the failure.</item>
/// <item>Exclusive writers (<see cref="EnterAsync"/>: the ingestion writer, the outbox relay, maintenance) first
/// commit the open group, then write on their own connection while they hold the gate.</item>
/// </list>
/// On PostgreSQL there is no gate: each unit has its own connection and transaction; row locks and conditional updates
/// do the work.
/// </summary>
public sealed class WriteGate(DatabaseOptions database, TimeProvider time) : IAsyncDisposable
{
    /// <summary>At most this many units share one commit, so a caller's wait stays bounded under any load.</summary>
    internal const int MaxGroup = 128;

    /// <summary>A group older than this commits at the next turn even while others are waiting.</summary>
    internal static readonly TimeSpan MaxGroupAge = TimeSpan.FromMilliseconds(8);

    private readonly SemaphoreSlim? turn = database.Provider == DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;
    private readonly List<TaskCompletionSource> group = [];
    private int waiting;
    private SqliteConnection? writer;
    private SqliteTransaction? groupTransaction;
    private long groupStarted;

    private long commits;

    /// <summary>Group commits so far (diagnostics and tests).</summary>
    internal long Commits => Interlocked.Read(ref commits);

    /// <summary>Holds the gate exclusively for a writer with its own connection; the open group is committed first.</summary>
    public async ValueTask<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        if (turn is null) return default;
        if (UnitOfWork.Current is not null)
        {
            throw new InvalidOperationException("An exclusive write cannot start inside a unit of work: it would wait for itself.");
        }

        await AcquireAsync().ConfigureAwait(false);
        await CommitGroupAsync().ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested)
        {
            turn.Release();
            cancellationToken.ThrowIfCancellationRequested();
        }

        return new Releaser(turn);
    }

    public readonly struct Releaser(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }

    /// <summary>Starts a unit: on SQLite, takes the turn and joins (or opens) the group's transaction.</summary>
    internal async Task<UnitOfWork> BeginUnitAsync(CancellationToken cancellationToken)
    {
        if (turn is null)
        {
            var connection = new NpgsqlConnection(database.ConnectionString);
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                return new UnitOfWork(connection, transaction, grouped: false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        await AcquireAsync().ConfigureAwait(false);
        try
        {
            if (writer is null)
            {
                var connection = new SqliteConnection(database.ConnectionString);
                await connection.OpenAsync(CancellationToken.None).ConfigureAwait(false);
                using (var pragmas = connection.CreateCommand())
                {
                    pragmas.CommandText = SqlitePragmaInterceptor.Pragmas;
                    await pragmas.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                }

                writer = connection;
            }

            if (groupTransaction is null)
            {
                groupTransaction = writer.BeginTransaction(deferred: false);
                groupStarted = time.GetTimestamp();
            }

            return new UnitOfWork(writer, groupTransaction, grouped: true);
        }
        catch
        {
            await ResetWriterAsync().ConfigureAwait(false);
            turn.Release();
            throw;
        }
    }

    /// <summary>
    /// Ends a unit. Returns the task that completes once the unit is durable (or faults with the commit's failure).
    /// <paramref name="keep"/> false rolls the unit's own work back (the group's other units stay).
    /// </summary>
    internal async Task<Task> EndUnitAsync(UnitOfWork unit, bool keep, bool intact)
    {
        unit.Detach();
        if (!unit.Grouped)
        {
            try
            {
                if (keep && intact) await unit.Transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                else if (intact) await unit.Transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                await unit.Transaction.DisposeAsync().ConfigureAwait(false);
                await unit.Connection.DisposeAsync().ConfigureAwait(false);
            }

            return Task.CompletedTask;
        }

        var durable = Task.CompletedTask;
        try
        {
            if (!intact)
            {
                // The unit's savepoint could not be rolled back: the shared transaction's state is unknown.
                await AbortGroupAsync(new InvalidOperationException("A unit of work failed and left the shared write transaction unusable; the group was rolled back.")).ConfigureAwait(false);
            }
            else if (keep)
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                group.Add(done);
                durable = done.Task;
            }

            if (groupTransaction is not null
                && (Volatile.Read(ref waiting) == 0 || group.Count >= MaxGroup || time.GetElapsedTime(groupStarted) >= MaxGroupAge))
            {
                await CommitGroupAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            turn!.Release();
        }

        return durable;
    }

    private async ValueTask AcquireAsync()
    {
        // Not cancellable: whoever holds the turn may hand an uncommitted group over to the next in line, so every
        // waiter must take its turn (and commit if it is last).
        Interlocked.Increment(ref waiting);
        await turn!.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        Interlocked.Decrement(ref waiting);
    }

    private async Task CommitGroupAsync()
    {
        var transaction = groupTransaction;
        if (transaction is null) return;
        groupTransaction = null;
        var members = group.ToArray();
        group.Clear();
        Interlocked.Increment(ref commits);
        try
        {
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var member in members) member.TrySetException(ex);
            await transaction.DisposeAsync().ConfigureAwait(false);
            await ResetWriterAsync().ConfigureAwait(false);
            return;
        }

        await transaction.DisposeAsync().ConfigureAwait(false);
        foreach (var member in members) member.TrySetResult();
    }

    private async Task AbortGroupAsync(Exception reason)
    {
        var members = group.ToArray();
        group.Clear();
        foreach (var member in members) member.TrySetException(reason);
        if (groupTransaction is { } transaction)
        {
            groupTransaction = null;
            try { await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false); }
            catch (SqliteException) { /* already rolled back by SQLite itself */ }
            await transaction.DisposeAsync().ConfigureAwait(false);
        }

        await ResetWriterAsync().ConfigureAwait(false);
    }

    private async Task ResetWriterAsync()
    {
        if (groupTransaction is { } transaction)
        {
            groupTransaction = null;
            await transaction.DisposeAsync().ConfigureAwait(false);
        }

        if (writer is { } connection)
        {
            writer = null;
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (turn is null) return;
        await AcquireAsync().ConfigureAwait(false);
        try
        {
            await CommitGroupAsync().ConfigureAwait(false);
            await ResetWriterAsync().ConfigureAwait(false);
        }
        finally
        {
            turn.Release();
        }
    }
}

/// <summary>
/// One unit of work's connection and transaction. DbContexts that take part are switched onto them for the unit's
/// duration; nested units are savepoints. It is ambient (async-local), so a use case called from inside another one
/// (e.g. an endpoint wrapped by the idempotency filter) joins it instead of starting its own transaction.
/// </summary>
internal sealed class UnitOfWork(DbConnection connection, DbTransaction transaction, bool grouped)
{
    private static readonly AsyncLocal<UnitOfWork?> Ambient = new();
    private readonly List<(DbContext Db, string? ConnectionString)> attached = [];
    private int savepoints;
    private bool active = true;

    public static UnitOfWork? Current => Ambient.Value is { active: true } unit ? unit : null;

    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    /// <summary>True on SQLite: the transaction is shared with other units and each unit is a savepoint in it.</summary>
    public bool Grouped { get; } = grouped;

    public static void Enter(UnitOfWork unit) => Ambient.Value = unit;

    /// <summary>
    /// Runs <paramref name="work"/> as a savepoint of this unit (or directly, for the outer work of an ungrouped
    /// unit, whose own transaction is the boundary). A failed result or an exception rolls its writes back.
    /// Throws <see cref="UnitBrokenException"/> when that rollback itself fails.
    /// </summary>
    public async Task<Result<T>> RunAsync<T>(DbContext db, Func<CancellationToken, Task<Result<T>>> work, bool outer, CancellationToken cancellationToken)
    {
        Attach(db);
        string? savepoint = null;
        if (Grouped || !outer)
        {
            savepoint = "u" + (++savepoints).ToString(CultureInfo.InvariantCulture);
            await Transaction.SaveAsync(savepoint, CancellationToken.None).ConfigureAwait(false);
        }

        Result<T> result;
        try
        {
            result = await work(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await UndoAsync(db, savepoint).ConfigureAwait(false);
            throw;
        }

        if (!result.IsSuccess) await UndoAsync(db, savepoint).ConfigureAwait(false);
        else if (savepoint is not null) await Transaction.ReleaseAsync(savepoint, CancellationToken.None).ConfigureAwait(false);
        return result;
    }

    private async Task UndoAsync(DbContext db, string? savepoint)
    {
        db.ChangeTracker.Clear();
        if (savepoint is null) return;
        try
        {
            await Transaction.RollbackAsync(savepoint, CancellationToken.None).ConfigureAwait(false);
            await Transaction.ReleaseAsync(savepoint, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            throw new UnitBrokenException(ex);
        }
    }

    private void Attach(DbContext db)
    {
        foreach (var (existing, _) in attached)
        {
            if (ReferenceEquals(existing, db)) return;
        }

        var connectionString = db.Database.GetConnectionString();
        db.Database.SetDbConnection(Connection, contextOwnsConnection: false);
        db.Database.UseTransaction(Transaction);
        db.Database.AutoSavepointsEnabled = false;
        attached.Add((db, connectionString));
    }

    /// <summary>Gives every DbContext its own connection back; the unit is no longer ambient.</summary>
    public void Detach()
    {
        active = false;
        foreach (var (db, connectionString) in attached)
        {
            db.Database.UseTransaction(null);
            db.Database.SetDbConnection(null, contextOwnsConnection: true);
            db.Database.SetConnectionString(connectionString);
            db.Database.AutoSavepointsEnabled = true;
        }

        attached.Clear();
    }
}

/// <summary>A unit's rollback failed, so the transaction it was part of cannot be trusted any more.</summary>
internal sealed class UnitBrokenException(Exception inner) : Exception("Rolling back a unit of work failed.", inner);

/// <summary>
/// Runs a unit of work in one database transaction: its writes are kept only when it succeeds, and the call returns
/// only once they are durable (on SQLite, after the group commit that includes them); then the outbox relay is woken.
/// Called inside another unit, it joins that one as a savepoint.
/// </summary>
public sealed class Transactions(WriteGate gate, OutboxSignal outboxSignal)
{
    public async Task<Result<T>> RunAsync<T>(DbContext db, Func<CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken)
    {
        if (UnitOfWork.Current is { } outer) return await outer.RunAsync(db, work, outer: false, cancellationToken).ConfigureAwait(false);

        var unit = await gate.BeginUnitAsync(cancellationToken).ConfigureAwait(false);
        Result<T> result;
        Task durable;
        try
        {
            UnitOfWork.Enter(unit);
            result = await unit.RunAsync(db, work, outer: true, cancellationToken).ConfigureAwait(false);
        }
        catch (UnitBrokenException broken)
        {
            await gate.EndUnitAsync(unit, keep: false, intact: false).ConfigureAwait(false);
            throw broken.InnerException!;
        }
        catch
        {
            await gate.EndUnitAsync(unit, keep: false, intact: true).ConfigureAwait(false);
            throw;
        }

        // A failed result is answered only after the group commits too: its decision may rest on writes of units
        // before it in the same group, and those are only real once committed.
        durable = await gate.EndUnitAsync(unit, keep: result.IsSuccess || unit.Grouped, intact: true).ConfigureAwait(false);
        await durable.ConfigureAwait(false);
        if (result.IsSuccess) outboxSignal.Notify();
        return result;
    }
}
