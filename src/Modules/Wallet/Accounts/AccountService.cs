using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Wallet.Contracts;
using Ecosystem.Wallet.Data;
using Ecosystem.Wallet.Tenants;
using Ecosystem.Wallet.Transfers;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Wallet.Accounts;

/// <summary>Opening accounts and reading them: balance now or as of an instant, and the statement with its running balance.</summary>
internal sealed class AccountService(WalletDbContext db, Transactions transactions, WalletJournal journal, TenantService tenants, TimeProvider time)
{
    public async Task<Result<AccountResponse>> CreateAsync(AccountRequest? request, CancellationToken ct)
    {
        var v = new Validator();
        if (request?.OwnerType is null || !OwnerTypes.All.Contains(request.OwnerType)) v.Add("ownerType", "Owner type is one of " + string.Join(", ", OwnerTypes.All) + ".");
        if (!PlainText.IsPrintable(request?.OwnerId, 80)) v.Add("ownerId", "Owner id is required: 1 to 80 printable characters without spaces.");
        if (request?.Currency is null || !Money.IsKnownCurrency(request.Currency)) v.Add("currency", "Currency is not a known ISO code.");
        if (!v.IsValid) return v.ToError();
        var tenant = await tenants.CurrentAsync(ct).ConfigureAwait(false);
        return await transactions.RunAsync<AccountResponse>(db, async c =>
        {
            var now = time.UtcNowStored();
            var account = new Account
            {
                AccountId = Ids.New("acc", time), TenantId = tenant.TenantId, OwnerType = request!.OwnerType!, OwnerId = request.OwnerId!, Currency = request.Currency!,
                Status = Account.Active, NoOverdraft = request.NoOverdraft ?? request.OwnerType != OwnerTypes.External, CreatedAt = now, UpdatedAt = now,
            };
            db.Accounts.Add(account);
            var response = ToResponse(account);
            journal.Audit("wallet.account.created", "wallet-account", account.AccountId, null, response);
            journal.Event(WalletEvents.AccountCreated, null, new { accountId = account.AccountId, ownerType = account.OwnerType, ownerId = account.OwnerId, currency = account.Currency });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return response;
        }, ct).ConfigureAwait(false);
    }

    public async Task<Result<AccountResponse>> GetAsync(string accountId, CancellationToken ct)
    {
        var account = await FindAsync(accountId, ct).ConfigureAwait(false);
        return account is null ? LedgerService.AccountNotFound : ToResponse(account);
    }

    /// <summary>Now: the stored balance and holds. As of <paramref name="at"/>: the sum of the entries posted up to and including it.</summary>
    public async Task<Result<BalanceResponse>> BalanceAsync(string accountId, DateTimeOffset? at, CancellationToken ct)
    {
        var account = await FindAsync(accountId, ct).ConfigureAwait(false);
        if (account is null) return LedgerService.AccountNotFound;
        if (at is null) return new BalanceResponse(account.AccountId, account.Currency, time.UtcNowStored(), account.Balance, account.PendingDebits, account.PendingCredits);
        var instant = at.Value.ToUniversalTime();
        var sum = await db.Entries.AsNoTracking().Where(e => e.AccountId == account.AccountId && e.CreatedAt <= instant)
            .SumAsync(e => e.Direction == LedgerEntry.Credit ? e.Amount : -e.Amount, ct).ConfigureAwait(false);
        return new BalanceResponse(account.AccountId, account.Currency, instant, sum, null, null);
    }

    /// <summary>The account's entries, oldest first, each with the balance after it; keyset-paged by entry id.</summary>
    public async Task<Result<Page<StatementLine>>> StatementAsync(string accountId, int? limit, string? cursor, CancellationToken ct)
    {
        var paging = Paging.Parse(limit, cursor);
        if (!paging.IsSuccess) return paging.Error!;
        var account = await FindAsync(accountId, ct).ConfigureAwait(false);
        if (account is null) return LedgerService.AccountNotFound;
        var (take, after) = paging.Value;
        var query = db.Entries.AsNoTracking().Where(e => e.AccountId == account.AccountId);
        if (after is not null) query = query.Where(e => string.Compare(e.EntryId, after) > 0);
        var rows = await query.OrderBy(e => e.EntryId).Take(take + 1)
            .Join(db.Transfers, e => e.TransferId, t => t.TransferId, (e, t) => new { e, t.Reference, t.Type })
            .ToListAsync(ct).ConfigureAwait(false);
        rows = [.. rows.OrderBy(r => r.e.EntryId, StringComparer.Ordinal)];
        return Paging.ToPage(rows, take, r => r.e.EntryId, r => new StatementLine(r.e.EntryId, r.e.TransferId, r.Reference, r.Type, r.e.Direction, r.e.Amount, r.e.BalanceAfter, r.e.CreatedAt));
    }

    private async Task<Account?> FindAsync(string accountId, CancellationToken ct)
    {
        if (!PlainText.IsId(accountId, "acc")) return null;
        var tenant = await tenants.CurrentAsync(ct).ConfigureAwait(false);
        return await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.AccountId == accountId && a.TenantId == tenant.TenantId, ct).ConfigureAwait(false);
    }

    public static AccountResponse ToResponse(Account a) =>
        new(a.AccountId, a.TenantId, a.OwnerType, a.OwnerId, a.Currency, a.Status, a.NoOverdraft, a.Balance, a.PendingDebits, a.PendingCredits, a.Balance - a.PendingDebits, a.CreatedAt);
}
