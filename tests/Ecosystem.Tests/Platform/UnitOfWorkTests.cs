using System.Collections.Concurrent;
using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Platform;

/// <summary>
/// <see cref="Transactions.RunAsync{T}"/> under load (ADR 0011): on SQLite many units share one commit, yet each caller
/// returns only once its own writes are durable, and a unit that fails or throws takes nothing of the others with it.
/// </summary>
public abstract class UnitOfWorkTests(Db db) : AppTest(db)
{
    private enum Outcome { Kept, Failed, Threw }

    private async Task<Outcome> RunUnitAsync(string target, Outcome planned)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var op = scope.ServiceProvider.GetRequiredService<OperationContext>();
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        try
        {
            var result = await scope.ServiceProvider.GetRequiredService<Transactions>().RunAsync<bool>(platform, async ct =>
            {
                platform.AuditLog.Add(AuditEntry.Create(op, time, "test.unit", "unit-test", target, null, new { target }));
                await platform.SaveChangesAsync(ct);
                return planned switch
                {
                    Outcome.Failed => Error.Conflict("PLANNED", "planned failure"),
                    Outcome.Threw => throw new InvalidOperationException("planned exception"),
                    _ => true,
                };
            }, CancellationToken.None);
            return result.IsSuccess ? Outcome.Kept : Outcome.Failed;
        }
        catch (InvalidOperationException ex) when (ex.Message == "planned exception")
        {
            return Outcome.Threw;
        }
    }

    /// <summary>Reads through a separate connection outside any unit: only committed rows are visible there.</summary>
    private async Task<HashSet<string>> CommittedTargetsAsync(string prefix)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return (await platform.AuditLog.AsNoTracking().Where(a => a.TargetType == "unit-test" && a.TargetId.StartsWith(prefix)).Select(a => a.TargetId).ToListAsync()).ToHashSet();
    }

    [Fact]
    public async Task Parallel_units_keep_exactly_their_successful_writes_and_answer_only_after_they_are_durable()
    {
        const int n = 240;
        var gate = App.Services.GetRequiredService<WriteGate>();
        var commitsBefore = gate.Commits;
        var seenAfterReturn = new ConcurrentBag<bool>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var units = Enumerable.Range(0, n).Select(async i =>
        {
            await start.Task;
            var planned = i % 7 == 3 ? Outcome.Threw : i % 5 == 1 ? Outcome.Failed : Outcome.Kept;
            var target = $"gc-{i:000}";
            var outcome = await RunUnitAsync(target, planned);
            Assert.Equal(planned, outcome);
            if (outcome == Outcome.Kept && i % 10 == 0) seenAfterReturn.Add((await CommittedTargetsAsync(target)).Contains(target));
            return (Target: target, Outcome: outcome);
        }).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(units);

        var committed = await CommittedTargetsAsync("gc-");
        var kept = outcomes.Where(o => o.Outcome == Outcome.Kept).Select(o => o.Target).ToHashSet();
        Assert.Equal(kept.Order(), committed.Order());
        Assert.NotEmpty(seenAfterReturn);
        Assert.All(seenAfterReturn, Assert.True);
        if (Db == Db.Sqlite)
        {
            var commits = gate.Commits - commitsBefore;
            Assert.True(commits < kept.Count / 2, $"{kept.Count} successful units took {commits} commits: they were not grouped");
        }
    }

    [Fact]
    public async Task A_nested_unit_that_fails_rolls_back_only_its_own_writes()
    {
        await using var unit = new UnitScope(App.Services);
        var (platform, op, time, transactions) = unit;
        void Write(string target) => unit.Write(target);

        var result = await transactions.RunAsync<bool>(platform, async ct =>
        {
            Write("nest-outer-a");
            await platform.SaveChangesAsync(ct);
            var inner = await transactions.RunAsync<bool>(platform, async c =>
            {
                Write("nest-inner-failed");
                await platform.SaveChangesAsync(c);
                return Error.Conflict("NO", "inner refuses");
            }, ct);
            Assert.False(inner.IsSuccess);
            await Assert.ThrowsAsync<InvalidOperationException>(() => transactions.RunAsync<bool>(platform, async c =>
            {
                Write("nest-inner-threw");
                await platform.SaveChangesAsync(c);
                throw new InvalidOperationException("inner throws");
            }, ct));
            Write("nest-outer-b");
            await platform.SaveChangesAsync(ct);
            return true;
        }, CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Equal(["nest-outer-a", "nest-outer-b"], (await CommittedTargetsAsync("nest-")).Order());
    }

    /// <summary>A technical row to change with lean SQL (idempotency keys are not audited themselves).</summary>
    private static async Task InsertKeyAsync(UnitSql sql, string key, CancellationToken ct) =>
        await sql.ExecuteTechnicalAsync([new SqlStatement(
            $"INSERT INTO {sql.Table("platform", "idempotency_keys")} (scope, key, request_hash, state, created_at, expires_at) VALUES ('lean-test', $1, 'h', 'inflight', $2, $2)",
            key, DateTimeOffset.UnixEpoch)], ct);

    private static Task<string?> ChangeKeyAsync(UnitSql sql, string key, CancellationToken ct) =>
        sql.ChangeAsync(new SqlStatement($"UPDATE {sql.Table("platform", "idempotency_keys")} SET response_status = 200 WHERE scope = 'lean-test' AND key = $1 RETURNING key", key), r => r.GetString(0), ct);

    private async Task<bool> KeyCommittedAsync(string key)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var found = await scope.ServiceProvider.GetRequiredService<Transactions>().RunAsync<bool>(platform, async ct =>
        {
            var sql = UnitSql.Current;
            return await sql.QuerySingleAsync(new SqlStatement($"SELECT key FROM {sql.Table("platform", "idempotency_keys")} WHERE scope = 'lean-test' AND key = $1", key), r => r.GetString(0), ct) is not null;
        }, CancellationToken.None);
        return found.Value;
    }

    [Fact]
    public async Task A_lean_business_write_is_kept_only_with_its_audit_row_in_the_same_unit()
    {
        await using var unit = new UnitScope(App.Services);
        var (platform, op, time, transactions) = unit;

        var unaudited = await Assert.ThrowsAsync<InvalidOperationException>(() => transactions.RunAsync<bool>(platform, async ct =>
        {
            var sql = UnitSql.Current;
            await InsertKeyAsync(sql, "lean-unaudited", ct);
            Assert.Equal("lean-unaudited", await ChangeKeyAsync(sql, "lean-unaudited", ct));
            return true;
        }, CancellationToken.None));
        Assert.Contains("audit", unaudited.Message);
        Assert.False(await KeyCommittedAsync("lean-unaudited"));

        var audited = await transactions.RunAsync<bool>(platform, async ct =>
        {
            var sql = UnitSql.Current;
            await InsertKeyAsync(sql, "lean-audited", ct);
            await ChangeKeyAsync(sql, "lean-audited", ct);
            await sql.WriteAuditedAsync(AuditEntry.Create(op, time, "test.unit", "unit-test", "lean-audited", null, null), null, [], ct);
            return true;
        }, CancellationToken.None);
        Assert.True(audited.IsSuccess);
        Assert.True(await KeyCommittedAsync("lean-audited"));
        Assert.Equal(["lean-audited"], await CommittedTargetsAsync("lean-"));
    }

    /// <summary>
    /// Writes made with the commit (<see cref="UnitSql.WriteWithCommitAsync"/>, <see cref="UnitSql.WriteAuditedAsync"/>;
    /// on PostgreSQL held back until the next statement or the COMMIT, ADR 0018) behave as if they ran at once: later
    /// lean and EF statements of the unit see them, in order; one that fails undoes the whole unit; a nested unit's
    /// rollback undoes its own and keeps the outer ones.
    /// </summary>
    [Fact]
    public async Task Writes_made_with_the_commit_are_seen_by_the_rest_of_the_unit_and_one_that_fails_keeps_nothing()
    {
        await using var unit = new UnitScope(App.Services);
        var (platform, op, time, transactions) = unit;
        SqlStatement Key(UnitSql sql, string key) => new(
            $"INSERT INTO {sql.Table("platform", "idempotency_keys")} (scope, key, request_hash, state, created_at, expires_at) VALUES ('lean-test', $1, 'h', 'completed', $2, $2)",
            key, DateTimeOffset.UnixEpoch);

        var kept = await transactions.RunAsync<bool>(platform, async ct =>
        {
            var sql = UnitSql.Current;
            await sql.WriteWithCommitAsync([Key(sql, "commit-1")], ct);
            Assert.Equal("commit-1", await sql.QuerySingleAsync(new SqlStatement($"SELECT key FROM {sql.Table("platform", "idempotency_keys")} WHERE scope = 'lean-test' AND key = $1", "commit-1"), r => r.GetString(0), ct));
            await sql.WriteAuditedAsync(AuditEntry.Create(op, time, "test.unit", "unit-test", "commit-a", null, null), null, [], ct);
            Assert.Equal(1, await platform.AuditLog.CountAsync(a => a.TargetType == "unit-test" && a.TargetId == "commit-a", ct));
            unit.Write("commit-b");
            await platform.SaveChangesAsync(ct);

            // A nested unit's rollback takes its own held-back writes with it, not the outer unit's.
            await sql.WriteWithCommitAsync([Key(sql, "commit-2")], ct);
            var inner = await transactions.RunAsync<bool>(async c =>
            {
                await UnitSql.Current.WriteWithCommitAsync([Key(UnitSql.Current, "commit-inner")], c);
                return Error.Conflict("NO", "inner refuses");
            }, ct);
            Assert.False(inner.IsSuccess);
            await sql.WriteWithCommitAsync([Key(sql, "commit-3")], ct);
            return true;
        }, CancellationToken.None);
        Assert.True(kept.IsSuccess);
        Assert.Equal(["commit-a", "commit-b"], (await CommittedTargetsAsync("commit-")).Order());
        Assert.True(await KeyCommittedAsync("commit-1"));
        Assert.True(await KeyCommittedAsync("commit-2"));
        Assert.True(await KeyCommittedAsync("commit-3"));
        Assert.False(await KeyCommittedAsync("commit-inner"));

        // The same key again violates the primary key: the unit fails (on PostgreSQL at its COMMIT) and keeps nothing.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => transactions.RunAsync<bool>(platform, async ct =>
        {
            unit.Write("commit-lost");
            await platform.SaveChangesAsync(ct);
            var sql = UnitSql.Current;
            await sql.WriteAuditedAsync(AuditEntry.Create(op, time, "test.unit", "unit-test", "commit-lost-lean", null, null), null, [Key(sql, "commit-1")], ct);
            return true;
        }, CancellationToken.None));
        Assert.Equal(["commit-a", "commit-b"], (await CommittedTargetsAsync("commit-")).Order());
    }

    [Fact]
    public async Task A_lean_nested_unit_has_no_savepoint_so_its_exception_fails_the_outer_unit_even_when_caught()
    {
        await using var unit = new UnitScope(App.Services);
        var (platform, op, time, transactions) = unit;
        void Write(string target) => unit.Write(target);

        await Assert.ThrowsAsync<InvalidOperationException>(() => transactions.RunAsync<bool>(platform, async ct =>
        {
            Write("leannest-outer");
            await platform.SaveChangesAsync(ct);
            await Assert.ThrowsAsync<TimeoutException>(() => transactions.RunLeanAsync<bool>(platform, async c =>
            {
                Write("leannest-inner");
                await platform.SaveChangesAsync(c);
                throw new TimeoutException("inner throws after writing");
            }, ct));
            return true; // swallowed: the unit must still not be kept
        }, CancellationToken.None));

        // A lean nested unit that decides to fail after a lean write is a bug, not a silent partial write.
        await Assert.ThrowsAsync<InvalidOperationException>(() => transactions.RunAsync<bool>(platform, async ct =>
        {
            var inner = await transactions.RunLeanAsync<bool>(platform, async c =>
            {
                var sql = UnitSql.Current;
                await InsertKeyAsync(sql, "leannest-key", c);
                await ChangeKeyAsync(sql, "leannest-key", c);
                return Error.Conflict("LATE", "decided after writing");
            }, ct);
            return inner.IsSuccess;
        }, CancellationToken.None));

        // Deciding first is fine: the failure is returned and the outer unit keeps its own writes.
        var kept = await transactions.RunAsync<bool>(platform, async ct =>
        {
            Write("leannest-kept");
            await platform.SaveChangesAsync(ct);
            var inner = await transactions.RunLeanAsync<bool>(platform, c => Task.FromResult<Result<bool>>(Error.Conflict("EARLY", "decided before writing")), ct);
            Assert.False(inner.IsSuccess);
            return true;
        }, CancellationToken.None);
        Assert.True(kept.IsSuccess);
        Assert.Equal(["leannest-kept"], await CommittedTargetsAsync("leannest-"));
        Assert.False(await KeyCommittedAsync("leannest-key"));
    }
}

/// <summary>A scope with what a unit-of-work test needs, and a way to add an audit row to the unit.</summary>
/// <summary>
/// SQLite's writer commits without flushing the log and a separate flusher answers the group after the fsync
/// (ADR 0016): while the flush is held, a committed unit is visible to readers but its caller is not answered.
/// </summary>
public sealed class WalFlushTests() : AppTest(Db.Sqlite)
{
    [Fact]
    public async Task A_caller_is_answered_only_after_the_log_is_flushed()
    {
        Task<Result<bool>> running;
        await using (var unit = new UnitScope(App.Services))
        {
            using (var hold = new HeldFlusher(App.Services))
            {
                running = unit.Transactions.RunAsync<bool>(unit.Platform, async ct =>
                {
                    unit.Write("flush-held");
                    await unit.Platform.SaveChangesAsync(ct);
                    return true;
                }, CancellationToken.None);
                await hold.Reached.WaitAsync(TimeSpan.FromSeconds(10));

                // Committed (another connection reads it) but not yet flushed: the caller waits. The flush held first
                // may be another writer's (the ingestion writer flushes through the same flusher), so wait for the commit.
                var committed = false;
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (!committed && DateTime.UtcNow < deadline)
                {
                    await using var reader = new UnitScope(App.Services);
                    committed = await reader.Platform.AuditLog.AnyAsync(a => a.TargetId == "flush-held");
                    if (!committed) await Task.Delay(20);
                }

                Assert.True(committed);
                await Task.Delay(300);
                Assert.False(running.IsCompleted);
            }

            Assert.True((await running.WaitAsync(TimeSpan.FromSeconds(10))).IsSuccess);
        }
    }
}

internal sealed class UnitScope(IServiceProvider services) : IAsyncDisposable
{
    private readonly AsyncServiceScope scope = services.CreateAsyncScope();

    public PlatformDbContext Platform => scope.ServiceProvider.GetRequiredService<PlatformDbContext>();

    public OperationContext Op => scope.ServiceProvider.GetRequiredService<OperationContext>();

    public TimeProvider Time => scope.ServiceProvider.GetRequiredService<TimeProvider>();

    public Transactions Transactions => scope.ServiceProvider.GetRequiredService<Transactions>();

    public void Deconstruct(out PlatformDbContext platform, out OperationContext op, out TimeProvider time, out Transactions transactions) =>
        (platform, op, time, transactions) = (Platform, Op, Time, Transactions);

    public void Write(string target) => Platform.AuditLog.Add(AuditEntry.Create(Op, Time, "test.unit", "unit-test", target, null, null));

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}

public sealed class UnitOfWorkTests_Sqlite() : UnitOfWorkTests(Db.Sqlite);

public sealed class UnitOfWorkTests_Postgres() : UnitOfWorkTests(Db.Postgres);
