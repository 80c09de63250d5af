using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecosystem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Wallet;

/// <summary>The wallet ledger on both databases: no overdraft under concurrency, reference idempotency, linked and two-phase transfers, reading.</summary>
public abstract class WalletLedgerTests(Db db) : AppTest(db)
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, services: s => EcosystemApp.UseClock(s, clock));

    private static async Task<string> AccountAsync(HttpClient admin, string ownerType, string ownerId, string currency = "RWF")
    {
        var response = await admin.PostAsJsonAsync("/api/wallet/accounts", new { ownerType, ownerId, currency });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Json()).GetProperty("accountId").GetString()!;
    }

    private static async Task<HttpResponseMessage> TransferAsync(HttpClient admin, string reference, string debit, string credit, long amount, bool pending = false, int? timeoutSeconds = null, object? metadata = null)
    {
        var response = await admin.PostAsJsonAsync("/api/wallet/transfers", new { reference, debitAccountId = debit, creditAccountId = credit, amount, currency = "RWF", type = "adjustment", pending, timeoutSeconds, metadata });
        Assert.True(response.StatusCode != HttpStatusCode.InternalServerError, await response.Content.ReadAsStringAsync());
        return response;
    }

    private static async Task<long> BalanceAsync(HttpClient client, string accountId) =>
        (await (await client.GetAsync($"/api/wallet/accounts/{accountId}")).Json()).GetProperty("balance").GetInt64();

    private static async Task AssertLedgerConsistentAsync(HttpClient client)
    {
        var trial = await (await client.GetAsync("/api/wallet/trial-balance")).Json();
        Assert.True(trial.GetProperty("balanced").GetBoolean(), trial.ToString());
        Assert.All(trial.GetProperty("currencies").EnumerateArray(), c => Assert.Equal(0, c.GetProperty("difference").GetInt64()));
        var reconciliation = await (await client.GetAsync("/api/wallet/reconciliation")).Json();
        Assert.True(reconciliation.GetProperty("ok").GetBoolean(), reconciliation.ToString());
        Assert.Empty(reconciliation.GetProperty("mismatches").EnumerateArray());
    }

    [Fact]
    public async Task Parallel_transfers_out_of_a_no_overdraft_account_never_overdraw_it()
    {
        var admin = await App.AdminAsync();
        var bank = await AccountAsync(admin, "external", "bank");
        var buyer = await AccountAsync(admin, "buyer", "buyer-1");
        var vendor = await AccountAsync(admin, "vendor", "vendor-1");
        Assert.Equal(HttpStatusCode.Created, (await TransferAsync(admin, "fund", bank, buyer, 100 * 7)).StatusCode);

        const int attempts = 1_000;
        var answers = await Task.WhenAll(Enumerable.Range(0, attempts).Select(i => TransferAsync(admin, "spend-" + i, buyer, vendor, 7)));
        Assert.Equal(100, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(attempts - 100, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        foreach (var refused in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict).Take(3)) Assert.Equal("INSUFFICIENT_FUNDS", await refused.Code());
        Assert.Equal(0, await BalanceAsync(admin, buyer));
        Assert.Equal(700, await BalanceAsync(admin, vendor));
        Assert.Equal(-700, await BalanceAsync(admin, bank));
        await AssertLedgerConsistentAsync(admin);
    }

    [Fact]
    public async Task A_reference_makes_one_transaction_and_different_content_under_it_is_409()
    {
        var admin = await App.AdminAsync();
        var bank = await AccountAsync(admin, "external", "bank");
        var buyer = await AccountAsync(admin, "buyer", "buyer-2");
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => TransferAsync(admin, "top-up-42", bank, buyer, 5_000, metadata: new { order = "42" })));
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, a.StatusCode.ToString()));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        var ids = (await Task.WhenAll(answers.Select(async a => (await a.Json()).GetProperty("transferId").GetString()))).Distinct().ToList();
        Assert.Single(ids);
        Assert.Equal(5_000, await BalanceAsync(admin, buyer));

        var created = await (await admin.GetAsync($"/api/wallet/transfers/{ids[0]}")).Json();
        Assert.Equal("42", created.GetProperty("metadata").GetProperty("order").GetString());
        var reused = await TransferAsync(admin, "top-up-42", bank, buyer, 5_001, metadata: new { order = "42" });
        Assert.Equal((HttpStatusCode.Conflict, "REFERENCE_REUSED"), (reused.StatusCode, await reused.Code()));
        Assert.Equal(5_000, await BalanceAsync(admin, buyer));

        // The transfer answers the resulting balances.
        var next = await (await TransferAsync(admin, "top-up-43", bank, buyer, 1_000)).Json();
        var balances = next.GetProperty("balances").EnumerateArray().ToList();
        Assert.Equal((buyer, 6_000L), (balances[1].GetProperty("accountId").GetString(), balances[1].GetProperty("balance").GetInt64()));
        Assert.Equal(-6_000, balances[0].GetProperty("balance").GetInt64());
        await AssertLedgerConsistentAsync(admin);
    }

    [Fact]
    public async Task A_linked_batch_with_one_failing_transfer_leaves_nothing_and_an_unlinked_one_keeps_the_others()
    {
        var admin = await App.AdminAsync();
        var bank = await AccountAsync(admin, "external", "bank");
        var buyer = await AccountAsync(admin, "buyer", "buyer-3");
        var vendor = await AccountAsync(admin, "vendor", "vendor-3");
        object T(string reference, string debit, string credit, long amount) => new { reference, debitAccountId = debit, creditAccountId = credit, amount, currency = "RWF", type = "purchase" };

        var linked = await admin.PostAsJsonAsync("/api/wallet/transfers/batch", new { linked = true, transfers = new[] { T("l-1", bank, buyer, 100), T("l-2", buyer, vendor, 60), T("l-3", buyer, vendor, 60) } });
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        var results = (await linked.Json()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["failed", "failed", "failed"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(["LINKED_FAILED", "LINKED_FAILED", "INSUFFICIENT_FUNDS"], results.Select(r => r.GetProperty("code").GetString()));
        Assert.Equal((0L, 0L, 0L), (await BalanceAsync(admin, bank), await BalanceAsync(admin, buyer), await BalanceAsync(admin, vendor)));
        Assert.Empty((await (await admin.GetAsync($"/api/wallet/accounts/{buyer}/statement")).Json()).GetProperty("items").EnumerateArray());

        var unlinked = await (await admin.PostAsJsonAsync("/api/wallet/transfers/batch", new { transfers = new[] { T("l-1", bank, buyer, 100), T("l-2", buyer, vendor, 60), T("l-3", buyer, vendor, 60), T("l-1", bank, buyer, 100) } })).Json();
        results = unlinked.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["created", "created", "failed", "exists"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal((40L, 60L), (await BalanceAsync(admin, buyer), await BalanceAsync(admin, vendor)));

        var tooMany = await admin.PostAsJsonAsync("/api/wallet/transfers/batch", new { transfers = Enumerable.Range(0, 1_001).Select(i => T("x-" + i, bank, buyer, 1)).ToArray() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        await AssertLedgerConsistentAsync(admin);
    }

    [Fact]
    public async Task A_pending_transfer_holds_funds_posts_or_voids_and_cannot_be_posted_after_its_timeout()
    {
        var admin = await App.AdminAsync();
        var bank = await AccountAsync(admin, "external", "bank");
        var buyer = await AccountAsync(admin, "buyer", "buyer-4");
        var vendor = await AccountAsync(admin, "vendor", "vendor-4");
        (await TransferAsync(admin, "fund-4", bank, buyer, 1_000)).EnsureSuccessStatusCode();

        var hold = await (await TransferAsync(admin, "hold-1", buyer, vendor, 700, pending: true, timeoutSeconds: 60)).Json();
        Assert.Equal("pending", hold.GetProperty("status").GetString());
        var account = await (await admin.GetAsync($"/api/wallet/accounts/{buyer}")).Json();
        Assert.Equal((1_000L, 700L, 300L), (account.GetProperty("balance").GetInt64(), account.GetProperty("pendingDebits").GetInt64(), account.GetProperty("available").GetInt64()));
        var over = await TransferAsync(admin, "over-1", buyer, vendor, 301);
        Assert.Equal((HttpStatusCode.Conflict, "INSUFFICIENT_FUNDS"), (over.StatusCode, await over.Code()));

        var posted = await admin.PostAsync($"/api/wallet/transfers/{hold.GetProperty("transferId").GetString()}/post", null);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal((300L, 700L), (await BalanceAsync(admin, buyer), await BalanceAsync(admin, vendor)));

        var voided = await (await TransferAsync(admin, "hold-2", buyer, vendor, 200, pending: true, timeoutSeconds: 60)).Json();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/wallet/transfers/{voided.GetProperty("transferId").GetString()}/void", null)).StatusCode);
        var again = await admin.PostAsync($"/api/wallet/transfers/{voided.GetProperty("transferId").GetString()}/post", null);
        Assert.Equal((HttpStatusCode.Conflict, "TRANSFER_NOT_PENDING"), (again.StatusCode, await again.Code()));

        var late = await (await TransferAsync(admin, "hold-3", buyer, vendor, 300, pending: true, timeoutSeconds: 30)).Json();
        clock.Advance(TimeSpan.FromSeconds(31));
        var expired = await admin.PostAsync($"/api/wallet/transfers/{late.GetProperty("transferId").GetString()}/post", null);
        Assert.Equal((HttpStatusCode.Conflict, "TRANSFER_EXPIRED"), (expired.StatusCode, await expired.Code()));
        account = await (await admin.GetAsync($"/api/wallet/accounts/{buyer}")).Json();
        Assert.Equal((300L, 0L), (account.GetProperty("balance").GetInt64(), account.GetProperty("pendingDebits").GetInt64()));
        Assert.Equal("expired", (await (await admin.GetAsync($"/api/wallet/transfers/{late.GetProperty("transferId").GetString()}")).Json()).GetProperty("status").GetString());

        // The sweep releases a hold no one touches after its timeout.
        var forgotten = await (await TransferAsync(admin, "hold-4", buyer, vendor, 100, pending: true, timeoutSeconds: 10)).Json();
        clock.Advance(TimeSpan.FromSeconds(11));
        await using (var scope = App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Ecosystem.Platform.OperationContext>().ActorId = "system:test";
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<Ecosystem.Wallet.Transfers.LedgerService>().ExpireDueAsync(10, CancellationToken.None));
        }

        Assert.Equal("expired", (await (await admin.GetAsync($"/api/wallet/transfers/{forgotten.GetProperty("transferId").GetString()}")).Json()).GetProperty("status").GetString());
        Assert.Equal(0, (await (await admin.GetAsync($"/api/wallet/accounts/{buyer}")).Json()).GetProperty("pendingDebits").GetInt64());
        await AssertLedgerConsistentAsync(admin);
    }

    [Fact]
    public async Task Balance_as_of_an_instant_and_the_statement_with_its_running_balance()
    {
        var admin = await App.AdminAsync();
        var bank = await AccountAsync(admin, "external", "bank");
        var buyer = await AccountAsync(admin, "buyer", "buyer-5");
        var vendor = await AccountAsync(admin, "vendor", "vendor-5");
        (await TransferAsync(admin, "s-1", bank, buyer, 1_000)).EnsureSuccessStatusCode();
        var first = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromMinutes(5));
        (await TransferAsync(admin, "s-2", buyer, vendor, 250)).EnsureSuccessStatusCode();
        clock.Advance(TimeSpan.FromMinutes(5));
        (await TransferAsync(admin, "s-3", bank, buyer, 50)).EnsureSuccessStatusCode();

        async Task<long> At(DateTimeOffset at) =>
            (await (await admin.GetAsync($"/api/wallet/accounts/{buyer}/balance?at={Uri.EscapeDataString(at.ToString("O"))}")).Json()).GetProperty("balance").GetInt64();
        Assert.Equal(0, await At(first.AddSeconds(-1)));
        Assert.Equal(1_000, await At(first));
        Assert.Equal(750, await At(first.AddMinutes(7)));
        Assert.Equal(800, await At(clock.GetUtcNow()));
        Assert.Equal(800, (await (await admin.GetAsync($"/api/wallet/accounts/{buyer}/balance")).Json()).GetProperty("balance").GetInt64());

        var page1 = await (await admin.GetAsync($"/api/wallet/accounts/{buyer}/statement?limit=2")).Json();
        var lines = page1.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([(1_000L, "credit", "s-1"), (750L, "debit", "s-2")], lines.Select(l => (l.GetProperty("balanceAfter").GetInt64(), l.GetProperty("direction").GetString()!, l.GetProperty("reference").GetString()!)));
        var cursor = page1.GetProperty("nextCursor").GetString();
        var page2 = await (await admin.GetAsync($"/api/wallet/accounts/{buyer}/statement?limit=2&cursor={cursor}")).Json();
        Assert.Equal([800L], page2.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("balanceAfter").GetInt64()));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("nextCursor").ValueKind);
        await AssertLedgerConsistentAsync(admin);
    }

    [Fact]
    public async Task Opening_an_owners_account_from_another_module_twenty_times_at_once_opens_one_account()
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            await using var scope = App.Services.CreateAsyncScope();
            var ledger = scope.ServiceProvider.GetRequiredService<Ecosystem.Wallet.Contracts.ILedger>();
            var result = await ledger.OpenAccountAsync("vendor", "station-42", "RWF", CancellationToken.None);
            Assert.True(result.IsSuccess, result.Error?.Message);
            return result.Value!;
        }));
        Assert.Single(opened.Select(a => a.AccountId).Distinct());
        Assert.True(opened[0].NoOverdraft);
        await using var other = App.Services.CreateAsyncScope();
        var bad = await other.ServiceProvider.GetRequiredService<Ecosystem.Wallet.Contracts.ILedger>().OpenAccountAsync("station", "x", "RWF", CancellationToken.None);
        Assert.False(bad.IsSuccess);
        var admin = await App.AdminAsync();
        Assert.Equal(0, await BalanceAsync(admin, opened[0].AccountId));
    }

    [Fact]
    public async Task Parallel_batches_over_the_same_accounts_in_different_orders_all_complete()
    {
        var admin = await App.AdminAsync();
        var bank = await AccountAsync(admin, "external", "bank");
        var accounts = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            accounts.Add(await AccountAsync(admin, "vendor", $"ring-{i}"));
            (await TransferAsync(admin, $"ring-fund-{i}", bank, accounts[i], 1_000_000)).EnsureSuccessStatusCode();
        }

        var batches = await Task.WhenAll(Enumerable.Range(0, 12).Select(b =>
        {
            var order = b % 2 == 0 ? accounts : [.. Enumerable.Reverse(accounts)];
            var transfers = Enumerable.Range(0, 40).Select(k => new
            {
                reference = $"ring-{b}-{k}", debitAccountId = order[k % 4], creditAccountId = order[(k + 1) % 4], amount = 1L, currency = "RWF", type = "adjustment",
            }).ToArray();
            return admin.PostAsJsonAsync("/api/wallet/transfers/batch", new { transfers });
        }));
        foreach (var response in batches)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.All((await response.Json()).GetProperty("results").EnumerateArray(), r => Assert.Equal("created", r.GetProperty("status").GetString()));
        }

        Assert.Equal(4 * 1_000_000L, (await Task.WhenAll(accounts.Select(a => BalanceAsync(admin, a)))).Sum());
        await AssertLedgerConsistentAsync(admin);
    }

    [Fact]
    public async Task Bad_input_is_422_with_the_field_unknown_ids_are_404_and_people_without_the_capability_are_refused()
    {
        var admin = await App.AdminAsync();
        var bad = await admin.PostAsJsonAsync("/api/wallet/transfers", new { reference = "a\u0000b", debitAccountId = "acc_x", creditAccountId = "acc_y", amount = 0, currency = "XXX", type = "gift" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var fields = (await bad.Json()).GetProperty("errors");
        foreach (var field in new[] { "reference", "debitAccountId", "creditAccountId", "amount", "currency", "type" }) Assert.True(fields.TryGetProperty(field, out _), field);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/wallet/accounts/acc_0190f3aa00000000000000000000beef")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/wallet/transfers/nope/post", null)).StatusCode);
        var user = await App.UserAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/wallet/trial-balance")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsJsonAsync("/api/wallet/accounts", new { ownerType = "buyer", ownerId = "me", currency = "RWF" })).StatusCode);
        var tenant = await (await admin.GetAsync("/api/wallet/tenant")).Json();
        Assert.Equal("easyMO", tenant.GetProperty("name").GetString());
    }
}

public sealed class WalletLedgerTests_Sqlite() : WalletLedgerTests(Db.Sqlite);

public sealed class WalletLedgerTests_Postgres() : WalletLedgerTests(Db.Postgres);
