using System.Data.Common;
using System.Globalization;
using System.Threading.Channels;
using Ecosystem.Platform.Outbox;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Win32.SafeHandles;
using Npgsql;

namespace Ecosystem.Platform.Data;

/// <summary>
/// SQLite allows one writer at a time, and every durable commit costs an fsync. All writes of this process therefore
/// go through this gate (ADR 0011):
/// <list type="bullet">
/// <item>Units of work (<see cref="Transactions.RunAsync{T}"/>) are queued to one writer loop that owns the writer
/// connection. It drains the queue, runs each unit as a SAVEPOINT of one shared transaction (on the caller's execution
/// context, one after another on the same thread: no hand-over between threads), and commits when the queue is empty,
/// the group has <see cref="MaxGroup"/> units or is <see cref="MaxGroupAge"/> old (and at least <see cref="MinGroupForAge"/>
/// units): one fsync for the whole group
/// (group commit). Every caller is answered only after the commit that made its unit durable; if that commit fails,
/// all of its callers see the failure.</item>
/// <item>The fsync is not the loop's (ADR 0016): the writer connection commits with <c>synchronous=NORMAL</c> (the log
/// is written, not flushed) and hands the group to <see cref="WalFlusher"/>, which flushes the log file and only then
/// answers the group's callers, while the loop already runs the next group. One flush covers every group committed
/// before it. What a caller is told is durable is exactly what <c>synchronous=FULL</c> would have made durable.</item>
/// <item>Exclusive writers (<see cref="EnterAsync"/>: the ingestion writer, maintenance) are queued
/// too: the loop commits the open group, hands them the gate and waits until they release it; meanwhile they write
/// on their own connection.</item>
/// </list>
/// On PostgreSQL there is no gate: each unit has its own connection and transaction; row locks and conditional updates
/// do the work.
/// </summary>
public sealed class WriteGate(DatabaseOptions database, TimeProvider time) : IAsyncDisposable
{
    /// <summary>At most this many units share one commit, so a caller's wait stays bounded under any load.</summary>
    internal const int MaxGroup = 256;

    /// <summary>
    /// A group this old commits before it takes the next unit. Short on purpose (ADR 0017): under steady load the queue
    /// is rarely empty, so a group ran until this age while its first callers waited for the commit. At 10 ms,
    /// card-purchase at 64 connections was latency-bound (the loop idle 30 % of the time, 3,650/s); at 1–3 ms the
    /// callers are answered sooner and send their next request while the loop works (4,600/s), and a commit still
    /// serves about twenty units. The age only ends a group of at least <see cref="MinGroupForAge"/> units, so slow units
    /// (EF-heavy use cases, a busy machine) still share their commits.
    /// </summary>
    internal static readonly TimeSpan MaxGroupAge = TimeSpan.FromMilliseconds(2);

    /// <summary>A group smaller than this is not committed for its age, only when the queue runs empty.</summary>
    internal const int MinGroupForAge = 8;

    private readonly Channel<QueuedWrite>? queue = database.Provider == DatabaseProvider.Sqlite
        ? Channel.CreateUnbounded<QueuedWrite>(new UnboundedChannelOptions { SingleReader = true })
        : null;

    private readonly Lock startLock = new();
    private readonly WalFlusher flusher = new(database.Provider == DatabaseProvider.Sqlite
        ? new SqliteConnectionStringBuilder(database.ConnectionString).DataSource + "-wal"
        : null);
    private Task? loop;
    private long commits;

    /// <summary>Group commits so far (diagnostics and tests).</summary>
    internal long Commits => Interlocked.Read(ref commits);

    /// <summary>Flushes the write-ahead log before committed groups are answered (tests hold it to watch the order).</summary>
    internal WalFlusher Flusher => flusher;

    /// <summary>
    /// For an exclusive writer whose connection commits with <c>synchronous=NORMAL</c> (the ingestion writer, ADR 0017):
    /// completes once everything committed to the log so far is on disk, flushed by the same <see cref="WalFlusher"/>
    /// as the loop's groups. Called after the gate is released, so the fsync no longer holds everyone else up.
    /// </summary>
    public Task FlushLogAsync()
    {
        if (queue is null) return Task.CompletedTask;
        var waiter = new FlushWaiter();
        flusher.Enqueue([waiter]);
        return waiter.Done.Task;
    }

    private sealed class FlushWaiter : QueuedWrite
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Complete() => Done.TrySetResult();

        public override void Fail(Exception? failure) => Done.TrySetException(failure ?? new InvalidOperationException("The log was not flushed."));
    }

    /// <summary>Holds the gate exclusively for a writer with its own connection; the open group is committed first.</summary>
    public async ValueTask<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        if (queue is null) return default;
        if (UnitOfWork.Current is not null)
        {
            throw new InvalidOperationException("An exclusive write cannot start inside a unit of work: it would wait for itself.");
        }

        var request = new ExclusiveWrite();
        Enqueue(request);

        // Not cancellable while queued: the loop will grant the gate and wait for its release, so the grant must be
        // taken (and given back at once if the caller gave up meanwhile).
        await request.Granted.Task.ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested)
        {
            request.Release();
            cancellationToken.ThrowIfCancellationRequested();
        }

        return new Releaser(request);
    }

    public readonly struct Releaser : IDisposable
    {
        private readonly ExclusiveWrite? request;

        internal Releaser(ExclusiveWrite request) => this.request = request;

        public void Dispose() => request?.Release();
    }

    /// <summary>
    /// Runs <paramref name="body"/> as one unit of work and returns its result once the unit is durable. The body says
    /// whether its writes are kept; an exception discards them and is rethrown to the caller.
    /// </summary>
    internal async Task<TResult> RunUnitAsync<TResult>(Func<UnitOfWork, Task<(TResult Result, bool Keep)>> body, CancellationToken cancellationToken)
    {
        if (queue is null) return await RunOwnTransactionAsync(body, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var unit = new QueuedUnit<TResult>(body);
        Enqueue(unit);
        return await unit.Done.Task.ConfigureAwait(false);
    }

    private async Task<TResult> RunOwnTransactionAsync<TResult>(Func<UnitOfWork, Task<(TResult Result, bool Keep)>> body, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var unit = new UnitOfWork(connection, transaction, grouped: false);
                IReadOnlyList<DbContext> tookPart = [];
                var kept = false;
                try
                {
                    (TResult Result, bool Keep) outcome;
                    try
                    {
                        UnitOfWork.Enter(unit);
                        outcome = await body(unit).ConfigureAwait(false);
                    }
                    catch (UnitBrokenException broken)
                    {
                        throw broken.InnerException!;
                    }
                    finally
                    {
                        tookPart = unit.Detach();
                    }

                    if (!outcome.Keep) await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                    else if (!unit.HasPendingWrites) await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                    else await unit.CommitWithPendingWritesAsync().ConfigureAwait(false);
                    kept = outcome.Keep;
                    return outcome.Result;
                }
                finally
                {
                    if (!kept) UnitOfWork.ForgetTracked(tookPart);
                }
            }
        }
    }

    private void Enqueue(QueuedWrite write)
    {
        if (loop is null)
        {
            lock (startLock) loop ??= Task.Run(WriterLoopAsync);
        }

        if (!queue!.Writer.TryWrite(write)) throw new ObjectDisposedException(nameof(WriteGate), "The write gate is shut down.");
    }

    private async Task WriterLoopAsync()
    {
        var reader = queue!.Reader;
        SqliteConnection? writer = null;
        SqliteStatementCache? statements = null;
        var group = new List<QueuedWrite>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            SqliteTransaction? transaction = null;
            QueuedWrite? current = null;
            var started = 0L;
            try
            {
                while (group.Count < MaxGroup && (transaction is null || group.Count < MinGroupForAge || time.GetElapsedTime(started) < MaxGroupAge) && reader.TryRead(out current))
                {
                    if (current is ExclusiveWrite exclusive)
                    {
                        await CommitAsync(transaction, group).ConfigureAwait(false);
                        transaction = null;
                        await exclusive.HoldAsync().ConfigureAwait(false);
                        current = null;
                        continue;
                    }

                    if (writer is null)
                    {
                        writer = await OpenWriterAsync().ConfigureAwait(false);
                        statements = new SqliteStatementCache(writer);
                    }

                    if (transaction is null)
                    {
                        transaction = writer.BeginTransaction(deferred: false);
                        started = time.GetTimestamp();
                    }

                    var unit = new UnitOfWork(writer, transaction, grouped: true, statements);
                    var outcome = await current.RunAsync(unit).ConfigureAwait(false);
                    var tookPart = unit.Detach();
                    if (outcome != UnitOutcome.Kept) UnitOfWork.ForgetTracked(tookPart);
                    if (outcome == UnitOutcome.Broken) throw new UnitBrokenException(new InvalidOperationException("A unit of work left the shared write transaction unusable; the group was rolled back."));
                    if (outcome == UnitOutcome.Kept) group.Add(current);
                    else current.Fail(null);
                    current = null;
                }

                await CommitAsync(transaction, group).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The shared transaction is lost (a unit broke it, opening the connection, BEGIN or COMMIT failed):
                // everyone in the group and the write being run learn it, nothing of theirs is acknowledged, and the
                // next group starts on a fresh connection. Nobody is left waiting.
                var failure = ex is UnitBrokenException broken ? broken.InnerException! : ex;
                foreach (var member in group) member.Fail(failure);
                group.Clear();
                current?.Fail(failure);
                if (transaction is not null)
                {
                    try { await transaction.DisposeAsync().ConfigureAwait(false); }
                    catch (SqliteException) { /* rolled back by SQLite already */ }
                }

                statements?.Dispose();
                statements = null;
                if (writer is not null) await writer.DisposeAsync().ConfigureAwait(false);
                writer = null;
            }
        }

        statements?.Dispose();
        if (writer is not null) await writer.DisposeAsync().ConfigureAwait(false);
    }

    private async Task CommitAsync(SqliteTransaction? transaction, List<QueuedWrite> group)
    {
        if (transaction is null) return;
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        await transaction.DisposeAsync().ConfigureAwait(false);
        Interlocked.Increment(ref commits);

        // The callers are answered by the flusher once the log is on disk, not by the loop: the next group can start
        // at once (docs/performance.md, card-purchase).
        var committed = group.ToArray();
        group.Clear();
        flusher.Enqueue(committed);
    }

    // Outside the pool: the loop's prepared statements live and die with this connection's handle. NORMAL: its commits
    // write the log without flushing it (the flusher does, before anyone is answered); its checkpoints still flush.
    // Like every connection, it keeps savepoint journals in memory (temp_store=MEMORY, ADR 0017): each unit is a
    // SAVEPOINT, and the pages it changes would otherwise be copied to a temporary file on the loop's serial path.
    private Task<SqliteConnection> OpenWriterAsync()
    {
        var connection = SqliteStatement.OpenOwnedConnection(database.ConnectionString);
        SqliteStatement.Exec(connection, "PRAGMA synchronous=NORMAL");
        return Task.FromResult(connection);
    }

    public async ValueTask DisposeAsync()
    {
        if (queue is null) return;
        queue.Writer.TryComplete();
        if (loop is not null) await loop.ConfigureAwait(false);
        await flusher.DisposeAsync().ConfigureAwait(false);
    }

    internal enum UnitOutcome { Kept, Discarded, Broken }

    /// <summary>Something for the writer loop: a unit of work or an exclusive writer.</summary>
    internal abstract class QueuedWrite
    {
        public virtual Task<UnitOutcome> RunAsync(UnitOfWork unit) => throw new NotSupportedException();

        public virtual void Complete() { }

        /// <summary>Answers the caller with its own exception, or else <paramref name="failure"/>.</summary>
        public virtual void Fail(Exception? failure) { }
    }

    private sealed class QueuedUnit<TResult>(Func<UnitOfWork, Task<(TResult Result, bool Keep)>> body) : QueuedWrite
    {
        // The caller's context (its async-locals: logging scopes, activity, the ambient unit) goes with the unit.
        private readonly ExecutionContext? context = ExecutionContext.Capture();
        private TResult? result;
        private Exception? error;

        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Task<UnitOutcome> RunAsync(UnitOfWork unit)
        {
            if (context is null) return RunCoreAsync(unit);
            Task<UnitOutcome>? task = null;
            ExecutionContext.Run(context, _ => task = RunCoreAsync(unit), null);
            return task!;
        }

        private async Task<UnitOutcome> RunCoreAsync(UnitOfWork unit)
        {
            try
            {
                UnitOfWork.Enter(unit);
                var outcome = await body(unit).ConfigureAwait(false);
                result = outcome.Result;
                return UnitOutcome.Kept;
            }
            catch (UnitBrokenException broken)
            {
                error = broken.InnerException!;
                return UnitOutcome.Broken;
            }
            catch (Exception ex)
            {
                error = ex;
                return UnitOutcome.Discarded;
            }
        }

        // The caller is answered only by the loop, after it has given the caller's DbContexts their own connections
        // back: answered earlier, the caller could return a pooled context to its pool while it is still switched.
        public override void Complete() => Done.TrySetResult(result!);

        public override void Fail(Exception? failure) => Done.TrySetException(error ?? failure ?? new InvalidOperationException("The unit of work failed."));
    }

    internal sealed class ExclusiveWrite : QueuedWrite
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task HoldAsync()
        {
            Granted.TrySetResult();
            return released.Task;
        }

        public void Release() => released.TrySetResult();

        /// <summary>The group before it could not be committed: the exclusive writer is told, not granted.</summary>
        public override void Fail(Exception? failure) => Granted.TrySetException(failure ?? new InvalidOperationException("The write gate failed."));
    }
}

/// <summary>
/// Flushes SQLite's write-ahead log to disk for the write gate's committed groups, then answers their callers
/// (ADR 0016). One thread, in commit order; each flush covers every group committed before it started, so under load
/// one fsync answers several groups. A failed flush stops the process: the log's contents are no longer known to be
/// on disk, and later commits were built on them (PostgreSQL panics for the same reason).
/// </summary>
internal sealed class WalFlusher(string? logPath) : IAsyncDisposable
{
    // Two writers: the loop's committed groups and the ingestion writer's FlushLogAsync (ADR 0017).
    private readonly Channel<WriteGate.QueuedWrite[]> pending = Channel.CreateUnbounded<WriteGate.QueuedWrite[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock startLock = new();
    private Task? worker;

    /// <summary>Runs before each flush (tests hold it to see that nobody is answered before the flush).</summary>
    internal Func<Task>? BeforeFlush { get; set; }


    public void Enqueue(WriteGate.QueuedWrite[] group)
    {
        if (worker is null)
        {
            lock (startLock) worker ??= Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }

        if (!pending.Writer.TryWrite(group))
        {
            foreach (var member in group) member.Fail(new ObjectDisposedException(nameof(WalFlusher), "The write gate is shut down."));
        }
    }

    private async Task RunAsync()
    {
        var reader = pending.Reader;
        var batch = new List<WriteGate.QueuedWrite[]>();
        SafeFileHandle? log = null;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var group)) batch.Add(group);
                if (BeforeFlush is { } hook) await hook().ConfigureAwait(false);
                try
                {
                    log ??= File.OpenHandle(logPath!, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                    RandomAccess.FlushToDisk(log);
                }
                catch (FileNotFoundException)
                {
                    // The log is gone only after the last connection closed and checkpointed it into the database
                    // file, which SQLite flushed (synchronous=NORMAL flushes checkpoints): the groups are durable.
                    log?.Dispose();
                    log = null;
                }
                catch (Exception ex)
                {
                    Environment.FailFast("Flushing SQLite's write-ahead log failed; committed writes may not be on disk.", ex);
                }

                foreach (var done in batch)
                {
                    foreach (var member in done) member.Complete();
                }

                batch.Clear();
            }
        }
        finally
        {
            log?.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        pending.Writer.TryComplete();
        if (worker is not null) await worker.ConfigureAwait(false);
    }
}

/// <summary>
/// One unit of work's connection and transaction. DbContexts that take part are switched onto them for the unit's
/// duration; nested units are savepoints. It is ambient (async-local), so a use case called from inside another one
/// (e.g. an endpoint wrapped by the idempotency filter) joins it instead of starting its own transaction.
/// </summary>
internal sealed class UnitOfWork(DbConnection connection, DbTransaction transaction, bool grouped, SqliteStatementCache? statements = null)
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

    /// <summary>SQLite's writer connection: its prepared statements (<see cref="UnitSql"/>); null elsewhere.</summary>
    public SqliteStatementCache? Statements { get; } = statements;

    public static void Enter(UnitOfWork unit) => Ambient.Value = unit;

    /// <summary>Lean business writes (<see cref="UnitSql.ChangeAsync{T}"/>) not yet followed by their audit row.</summary>
    public int UnauditedWrites { get; set; }

    /// <summary>Lean writes of any kind so far (changes, audited and held-back writes): a lean unit that returns a failure after one is a bug.</summary>
    public int LeanWrites { get; set; }

    /// <summary>A nested unit without a savepoint failed after it may have written: the whole unit must not be kept.</summary>
    private Exception? poisoned;

    /// <summary>
    /// PostgreSQL: writes nobody reads the outcome of (<see cref="UnitSql.WriteAuditedAsync"/>,
    /// <see cref="UnitSql.WriteWithCommitAsync"/>), held back so they go to the server with the unit's next statement or
    /// in the same round trip as its <c>COMMIT</c> (ADR 0018). Anything else that runs on the unit's connection sends
    /// them first, in order: lean SQL, EF commands (<see cref="PendingWritesInterceptor"/>) and savepoints.
    /// </summary>
    private List<NpgsqlBatchCommand>? pendingWrites;

    public bool HasPendingWrites => pendingWrites is { Count: > 0 };

    /// <summary>Holds <paramref name="command"/> back until the unit's next statement or its commit (PostgreSQL only).</summary>
    public void Defer(NpgsqlBatchCommand command)
    {
        if (Connection is not NpgsqlConnection) throw new InvalidOperationException("Only PostgreSQL units defer writes.");
        (pendingWrites ??= []).Add(command);
    }

    /// <summary>Moves the held-back writes to the front of <paramref name="batch"/>; returns how many there were.</summary>
    public int TakePendingWrites(NpgsqlBatch batch)
    {
        if (pendingWrites is not { Count: > 0 } writes) return 0;
        for (var i = 0; i < writes.Count; i++) batch.BatchCommands.Insert(i, writes[i]);
        var count = writes.Count;
        writes.Clear();
        return count;
    }

    /// <summary>Sends the held-back writes now, in one round trip (before a statement that must come after them).</summary>
    public async Task FlushPendingWritesAsync(CancellationToken cancellationToken)
    {
        if (!HasPendingWrites) return;
        var batch = new NpgsqlBatch((NpgsqlConnection)Connection, (NpgsqlTransaction)Transaction);
        await using (batch.ConfigureAwait(false))
        {
            TakePendingWrites(batch);
            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                HeldWritesFailed(ex);
                throw;
            }
        }
    }

    /// <summary>
    /// Held-back writes were sent and failed, or were taken and never sent: whoever catches the error, the unit can
    /// no longer be kept (PostgreSQL would answer its COMMIT with a silent ROLLBACK). It fails when it ends.
    /// </summary>
    public void HeldWritesFailed(Exception ex) => poisoned ??= ex;

    /// <summary>As <see cref="FlushPendingWritesAsync"/>, for a synchronous EF command.</summary>
    public void FlushPendingWrites()
    {
        if (!HasPendingWrites) return;
        using var batch = new NpgsqlBatch((NpgsqlConnection)Connection, (NpgsqlTransaction)Transaction);
        TakePendingWrites(batch);
        try
        {
            batch.ExecuteNonQuery();
        }
        catch (Exception ex)
        {
            HeldWritesFailed(ex);
            throw;
        }
    }

    /// <summary>
    /// Sends the held-back writes and <c>COMMIT</c> as one batch: one round trip. If a write fails, PostgreSQL skips
    /// the rest of the batch, the commit included, and the caller's rollback ends the transaction.
    /// </summary>
    public async Task CommitWithPendingWritesAsync()
    {
        var batch = new NpgsqlBatch((NpgsqlConnection)Connection);
        await using (batch.ConfigureAwait(false))
        {
            TakePendingWrites(batch);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            await batch.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> as a savepoint of this unit (or directly, for the outer work of an ungrouped
    /// unit, whose own transaction is the boundary). A failed result or an exception rolls its writes back.
    /// Throws <see cref="UnitBrokenException"/> when that rollback itself fails. With <paramref name="savepoint"/>
    /// false a nested work runs without one (see <see cref="Transactions.RunLeanAsync{T}"/>). A null
    /// <paramref name="db"/> is work that uses only <see cref="UnitSql"/>: no DbContext is switched onto the unit.
    /// </summary>
    public async Task<Result<T>> RunAsync<T>(DbContext? db, Func<CancellationToken, Task<Result<T>>> work, bool outer, CancellationToken cancellationToken, bool savepoint = true)
    {
        if (db is not null) Attach(db);
        if (!outer && !savepoint) return await RunWithoutSavepointAsync(db, work, cancellationToken).ConfigureAwait(false);
        string? name = null;
        if (Grouped || !outer)
        {
            name = "u" + (++savepoints).ToString(CultureInfo.InvariantCulture);
            await SavepointAsync("SAVEPOINT ", name).ConfigureAwait(false);
        }

        var unauditedBefore = UnauditedWrites;
        Result<T> result;
        try
        {
            result = await work(cancellationToken).ConfigureAwait(false);
            if (outer && poisoned is not null) throw new InvalidOperationException("A nested unit of work failed after writing; the unit is rolled back.", poisoned);
            if (outer && result.IsSuccess && UnauditedWrites > 0) throw new InvalidOperationException("A unit of work changed business rows without writing their audit row.");
        }
        catch
        {
            UnauditedWrites = unauditedBefore;
            poisoned = null;
            await UndoAsync(db, name).ConfigureAwait(false);
            throw;
        }

        if (!result.IsSuccess)
        {
            UnauditedWrites = unauditedBefore;
            await UndoAsync(db, name).ConfigureAwait(false);
        }
        else if (name is not null)
        {
            await SavepointAsync("RELEASE ", name).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Savepoint control: prepared once on SQLite's writer loop (no statement compiled per unit), else the provider's.</summary>
    private async Task SavepointAsync(string verb, string name)
    {
        if (Statements is { } cache)
        {
            cache.Get(verb + name, 0).Statement.Execute();
            return;
        }

        // Held-back writes from before a savepoint belong before it; those since it are undone by its rollback
        // (a savepoint sends them first, so the ones still held at a rollback all came after it).
        if (verb == "SAVEPOINT ") await FlushPendingWritesAsync(CancellationToken.None).ConfigureAwait(false);
        else if (verb == "ROLLBACK TO ") pendingWrites?.Clear();
        await (verb switch
        {
            "SAVEPOINT " => Transaction.SaveAsync(name, CancellationToken.None),
            "RELEASE " => Transaction.ReleaseAsync(name, CancellationToken.None),
            _ => Transaction.RollbackAsync(name, CancellationToken.None),
        }).ConfigureAwait(false);
    }

    private async Task<Result<T>> RunWithoutSavepointAsync<T>(DbContext? db, Func<CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken)
    {
        var unauditedBefore = UnauditedWrites;
        var writesBefore = LeanWrites;
        try
        {
            var result = await work(cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess && (UnauditedWrites != unauditedBefore || LeanWrites != writesBefore || db?.ChangeTracker.HasChanges() == true))
            {
                throw new InvalidOperationException("A lean unit of work returned a failure after writing: it must decide before its first write.");
            }

            return result;
        }
        catch (Exception ex)
        {
            // Nothing to roll back to here: whoever catches this cannot keep the unit (it fails when it ends).
            poisoned ??= ex;
            db?.ChangeTracker.Clear();
            throw;
        }
    }

    private async Task UndoAsync(DbContext? db, string? savepoint)
    {
        db?.ChangeTracker.Clear();
        if (savepoint is null) return;
        try
        {
            await SavepointAsync("ROLLBACK TO ", savepoint).ConfigureAwait(false);
            await SavepointAsync("RELEASE ", savepoint).ConfigureAwait(false);
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

    /// <summary>
    /// After a unit was rolled back, what its DbContexts track is no longer what the database holds: they forget it,
    /// so a retry in the same request (the Idempotency-Key filter's) reads afresh instead of working from stale entities.
    /// </summary>
    public static void ForgetTracked(IReadOnlyList<DbContext> contexts)
    {
        foreach (var db in contexts) db.ChangeTracker.Clear();
    }

    /// <summary>Gives every DbContext its own connection back; the unit is no longer ambient. Returns the contexts that took part.</summary>
    public IReadOnlyList<DbContext> Detach()
    {
        active = false;
        foreach (var (db, connectionString) in attached)
        {
            db.Database.UseTransaction(null);
            db.Database.SetDbConnection(null, contextOwnsConnection: true);
            db.Database.SetConnectionString(connectionString);
            db.Database.AutoSavepointsEnabled = true;
        }

        var contexts = attached.Select(a => a.Db).ToArray();
        attached.Clear();
        return contexts;
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
    public Task<Result<T>> RunAsync<T>(DbContext db, Func<CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken) =>
        RunAsync(db, work, notifyRelay: true, cancellationToken);

    /// <summary>
    /// As <see cref="RunAsync{T}(DbContext, Func{CancellationToken, Task{Result{T}}}, CancellationToken)"/> for work
    /// that writes only through <see cref="UnitSql"/>: no DbContext is switched onto the unit (units nested in it
    /// switch their own).
    /// </summary>
    public Task<Result<T>> RunAsync<T>(Func<CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken) =>
        RunAsync(null, work, notifyRelay: true, cancellationToken);

    /// <summary>As <see cref="RunAsync{T}"/>; the relay's own units do not wake the relay (they write no events).</summary>
    internal async Task<Result<T>> RunAsync<T>(DbContext? db, Func<CancellationToken, Task<Result<T>>> work, bool notifyRelay, CancellationToken cancellationToken)
    {
        if (UnitOfWork.Current is { } outer) return await outer.RunAsync(db, work, outer: false, cancellationToken).ConfigureAwait(false);

        // In a group, a failed result is kept too (its own writes are already rolled back to its savepoint) and is
        // answered after the commit: its decision may rest on writes of units before it in the same group.
        var result = await gate.RunUnitAsync(async unit =>
        {
            var r = await unit.RunAsync(db, work, outer: true, cancellationToken).ConfigureAwait(false);
            return (r, r.IsSuccess || unit.Grouped);
        }, cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess && notifyRelay) outboxSignal.Notify();
        return result;
    }

    /// <summary>
    /// Like <see cref="RunAsync{T}"/> for work that decides before it writes: a failed result must come before its
    /// first write (e.g. from a conditional update that matched nothing). Inside another unit it then needs no
    /// savepoint of its own (two statements less on SQLite, two round trips less on PostgreSQL); an exception still
    /// rolls the whole outer unit back, even if the caller catches it. A failure after a write throws.
    /// </summary>
    public async Task<Result<T>> RunLeanAsync<T>(DbContext? db, Func<CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken)
    {
        if (UnitOfWork.Current is { } outer) return await outer.RunAsync(db, work, outer: false, cancellationToken, savepoint: false).ConfigureAwait(false);
        return await RunAsync(db, work, notifyRelay: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As <see cref="RunLeanAsync{T}(DbContext, Func{CancellationToken, Task{Result{T}}}, CancellationToken)"/> for work that writes only through <see cref="UnitSql"/>.</summary>
    public Task<Result<T>> RunLeanAsync<T>(Func<CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken) =>
        RunLeanAsync(null, work, cancellationToken);
}
