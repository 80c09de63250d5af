using Ecosystem.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Platform.Data;

/// <summary>
/// SQLite allows one writer at a time. Rather than letting writers spin on SQLITE_BUSY, writes in this process queue
/// here (fair, async). On PostgreSQL there is no gate: row locks and conditional updates do the work.
/// </summary>
public sealed class WriteGate(DatabaseOptions database)
{
    private readonly SemaphoreSlim? gate = database.Provider == DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;

    public async ValueTask<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        if (gate is not null) await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(gate);
    }

    public readonly struct Releaser(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}

/// <summary>Runs a unit of work in one database transaction; commits only when it succeeds, then wakes the outbox relay.</summary>
public sealed class Transactions(WriteGate gate, OutboxSignal outboxSignal)
{
    public async Task<Result<T>> RunAsync<T>(DbContext db, Func<CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken)
    {
        Result<T> result;
        using (await gate.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            result = await work(cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                db.ChangeTracker.Clear();
                return result;
            }

            await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        outboxSignal.Notify();
        return result;
    }
}
