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
/// Runs a unit of work in one database transaction: its writes are kept only when it succeeds, and the call returns
/// only once they are durable (on SQLite, after the group commit that includes them); then the outbox relay is woken.
/// Called inside another unit, it joins that one as a savepoint.
/// </summary>
/// <remarks>
/// This is a module's one door to the database's write side (docs/new-module.md, ADR 0019): run a unit, run a lean
/// unit, write bookkeeping. The engine behind it (the SQLite writer loop, the WAL flusher, units and savepoints, held-back
/// PostgreSQL writes) is internal to Platform. Two members exist only for the measured hot paths that write on a
/// connection of their own (<see cref="HoldWriterAsync"/>, <see cref="LogFlushedAsync"/>); an architecture test lists
/// where they and lean SQL are allowed.
/// </remarks>
public sealed class Transactions
{
    private readonly WriteGate gate;
    private readonly OutboxSignal outboxSignal;

    internal Transactions(WriteGate gate, OutboxSignal outboxSignal)
    {
        this.gate = gate;
        this.outboxSignal = outboxSignal;
    }

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

    /// <summary>
    /// Writes technical rows that are not a business state change and need no audit row (a session's last-seen time,
    /// a webhook delivery's receipt): in one unit of work, durable when this returns; the outbox relay is not woken.
    /// An exception (e.g. a unique key already taken) rolls the write back and reaches the caller.
    /// </summary>
    public async Task<T> WriteBookkeepingAsync<T>(DbContext db, Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        var result = await RunAsync<T>(db, async c => await write(c).ConfigureAwait(false), notifyRelay: false, cancellationToken).ConfigureAwait(false);
        return result.Value!;
    }

    /// <summary>
    /// Hot paths only (bulk ingestion, a rebuild): holds the database's write side for a writer with a connection of
    /// its own until the returned hold is disposed. On SQLite the writer loop commits its open group first and waits;
    /// on PostgreSQL it holds nothing. Cannot be taken inside a unit of work.
    /// </summary>
    public async ValueTask<WriterHold> HoldWriterAsync(CancellationToken cancellationToken) =>
        new(await gate.EnterAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Hot paths only: for a writer holding the write side whose connection commits with <c>synchronous=NORMAL</c> (ADR
    /// 0017), completes once everything committed to SQLite's log so far is on disk. Call it after the hold is released.
    /// </summary>
    public Task LogFlushedAsync() => gate.FlushLogAsync();
}

/// <summary>The write side held by <see cref="Transactions.HoldWriterAsync"/>; dispose to release it.</summary>
public readonly struct WriterHold : IDisposable
{
    private readonly WriteGate.Releaser releaser;

    internal WriterHold(WriteGate.Releaser releaser) => this.releaser = releaser;

    public void Dispose() => releaser.Dispose();
}
