using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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
internal sealed class WriteGate(DatabaseOptions database, TimeProvider time) : IAsyncDisposable
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
