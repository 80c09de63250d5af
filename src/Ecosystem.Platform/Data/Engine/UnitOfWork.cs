using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Ecosystem.Platform.Data;
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
