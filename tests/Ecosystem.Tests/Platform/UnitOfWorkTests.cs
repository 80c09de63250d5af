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
        await using var scope = App.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var platform = sp.GetRequiredService<PlatformDbContext>();
        var op = sp.GetRequiredService<OperationContext>();
        var time = sp.GetRequiredService<TimeProvider>();
        var transactions = sp.GetRequiredService<Transactions>();
        void Write(string target) => platform.AuditLog.Add(AuditEntry.Create(op, time, "test.unit", "unit-test", target, null, null));

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
}

public sealed class UnitOfWorkTests_Sqlite() : UnitOfWorkTests(Db.Sqlite);

public sealed class UnitOfWorkTests_Postgres() : UnitOfWorkTests(Db.Postgres);
