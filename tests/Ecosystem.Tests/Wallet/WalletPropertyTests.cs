using System.Net.Http.Json;
using Ecosystem.Platform;
using Ecosystem.Tests.Infrastructure;
using Ecosystem.Wallet.Contracts;
using Ecosystem.Wallet.Transfers;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Wallet;

/// <summary>
/// Random sequences of transfers, holds, posts, voids and clock ticks (with expiries) against the ledger, each checked
/// step by step against a model (a no-overdraft account accepts a debit exactly when its available balance covers it;
/// a hold past its timeout can't be posted) and, at the end, every stored balance and hold against the model and the
/// ledger's own replay of its entries (the reconciliation) and the trial balance.
/// </summary>
public abstract class WalletPropertyTests(Db db) : AppTest(db)
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
    private int run;

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, services: s => EcosystemApp.UseClock(s, clock));

    /// <summary>One step: kind 0 transfer, 1 hold, 2 post, 3 void, 4 tick. Accounts 0..3 (0 is external), amounts 1..500.</summary>
    public sealed record Step(int Kind, int From, int To, int Amount, int Hold, int Seconds);

    private static readonly Gen<Step> StepGen =
        from kind in Gen.Frequency((4, Gen.Constant(0)), (3, Gen.Constant(1)), (2, Gen.Constant(2)), (2, Gen.Constant(3)), (1, Gen.Constant(4)))
        from f in Gen.Choose(0, 3)
        from t in Gen.Choose(0, 3)
        from amount in Gen.Choose(1, 500)
        from hold in Gen.Choose(0, 20)
        from seconds in Gen.Choose(1, 90)
        select new Step(kind, f, t == f ? (t + 1) % 4 : t, amount, hold, seconds);

    [Fact]
    public void Random_sequences_of_transfers_holds_posts_voids_and_expiries_keep_every_balance_equal_to_the_replay_of_its_entries()
    {
        var sequences = Gen.ListOf(StepGen).Where(l => l.Count is > 0 and <= 40).ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Db == Db.Postgres ? 12 : 20), Prop.ForAll(sequences, steps => RunAsync([.. steps]).GetAwaiter().GetResult()));
    }

    private async Task<bool> RunAsync(IReadOnlyList<Step> steps)
    {
        var n = Interlocked.Increment(ref run);
        await using var scope = App.Services.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<ILedger>();
        var ids = new string[4];
        for (var i = 0; i < 4; i++)
        {
            var opened = await ledger.OpenAccountAsync(i == 0 ? OwnerTypes.External : OwnerTypes.Vendor, $"prop-{n}-{i}", "RWF", CancellationToken.None);
            ids[i] = opened.Value!.AccountId;
        }

        var balance = new long[4];
        var heldOut = new long[4];
        var heldIn = new long[4];
        var holds = new List<(string Id, int From, int To, long Amount, DateTimeOffset? Expires, bool Open)>();
        var k = 0;
        foreach (var s in steps)
        {
            k++;
            switch (s.Kind)
            {
                case 0 or 1:
                {
                    var pending = s.Kind == 1;
                    int? timeout = pending && s.Seconds % 3 != 0 ? s.Seconds : null;
                    var r = await ledger.TransferAsync(new LedgerTransfer($"prop-{n}-{k}", ids[s.From], ids[s.To], s.Amount, "RWF", TransferTypes.Adjustment, pending, timeout), CancellationToken.None);
                    var covered = s.From == 0 || balance[s.From] - heldOut[s.From] >= s.Amount;
                    Assert.True(r.IsSuccess == covered, $"step {k}: {s} answered {(r.IsSuccess ? "ok" : r.Error!.Code)} with available {balance[s.From] - heldOut[s.From]}");
                    if (!r.IsSuccess)
                    {
                        Assert.Equal("INSUFFICIENT_FUNDS", r.Error!.Code);
                        break;
                    }

                    if (pending)
                    {
                        heldOut[s.From] += s.Amount;
                        heldIn[s.To] += s.Amount;
                        holds.Add((r.Value!.TransferId, s.From, s.To, s.Amount, timeout is { } t ? clock.GetUtcNow().AddSeconds(t) : null, true));
                    }
                    else
                    {
                        balance[s.From] -= s.Amount;
                        balance[s.To] += s.Amount;
                    }

                    break;
                }

                case 2 or 3 when holds.Count > 0:
                {
                    var i = s.Hold % holds.Count;
                    var h = holds[i];
                    var post = s.Kind == 2;
                    var r = post ? await ledger.PostAsync(h.Id, CancellationToken.None) : await ledger.VoidAsync(h.Id, CancellationToken.None);
                    var expired = h.Expires is { } e && clock.GetUtcNow() >= e;
                    if (!h.Open)
                    {
                        Assert.False(r.IsSuccess && !r.Value!.Existed, $"step {k}: a finished hold moved money again");
                        break;
                    }

                    if (expired)
                    {
                        Assert.Equal("TRANSFER_EXPIRED", r.Error?.Code);
                    }
                    else
                    {
                        Assert.True(r.IsSuccess, $"step {k}: {(post ? "post" : "void")} of an open hold failed: {r.Error?.Code}");
                        if (post)
                        {
                            balance[h.From] -= h.Amount;
                            balance[h.To] += h.Amount;
                        }
                    }

                    heldOut[h.From] -= h.Amount;
                    heldIn[h.To] -= h.Amount;
                    holds[i] = h with { Open = false };
                    break;
                }

                case 4:
                {
                    clock.Advance(TimeSpan.FromSeconds(s.Seconds));
                    if (s.Seconds % 2 == 0)
                    {
                        await scope.ServiceProvider.GetRequiredService<LedgerService>().ExpireDueAsync(1_000, CancellationToken.None);
                        for (var i = 0; i < holds.Count; i++)
                        {
                            var h = holds[i];
                            if (!h.Open || h.Expires is not { } e || clock.GetUtcNow() < e) continue;
                            heldOut[h.From] -= h.Amount;
                            heldIn[h.To] -= h.Amount;
                            holds[i] = h with { Open = false };
                        }
                    }

                    break;
                }
            }
        }

        // A hold past its timeout that nobody touched still holds until the sweep; sweep now so the model and the ledger agree.
        await scope.ServiceProvider.GetRequiredService<LedgerService>().ExpireDueAsync(1_000, CancellationToken.None);
        for (var i = 0; i < holds.Count; i++)
        {
            var h = holds[i];
            if (!h.Open || h.Expires is not { } e || clock.GetUtcNow() < e) continue;
            heldOut[h.From] -= h.Amount;
            heldIn[h.To] -= h.Amount;
        }

        for (var i = 0; i < 4; i++)
        {
            var b = (await ledger.GetBalanceAsync(ids[i], CancellationToken.None)).Value!;
            Assert.Equal((balance[i], heldOut[i], heldIn[i]), (b.Balance, b.PendingDebits, b.PendingCredits));
            if (i > 0) Assert.True(b.Available >= 0);
        }

        var admin = await App.AdminAsync();
        var reconciliation = await (await admin.GetAsync("/api/wallet/reconciliation")).Json();
        Assert.True(reconciliation.GetProperty("ok").GetBoolean(), reconciliation.ToString());
        Assert.True((await (await admin.GetAsync("/api/wallet/trial-balance")).Json()).GetProperty("balanced").GetBoolean());
        return true;
    }
}

public sealed class WalletPropertyTests_Sqlite() : WalletPropertyTests(Db.Sqlite);

public sealed class WalletPropertyTests_Postgres() : WalletPropertyTests(Db.Postgres);
