using Ecosystem.Platform;
using Ecosystem.Wallet.Accounts;
using Ecosystem.Wallet.Data;
using Ecosystem.Wallet.Tenants;
using Ecosystem.Wallet.Transfers;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Wallet.Explorer;

/// <summary>What the ledger pages read: accounts by owner, recent transactions with their entries, an account's latest lines and its balance per day.</summary>
internal sealed class LedgerExplorer(WalletDbContext db, TenantService tenants, TimeProvider time)
{
    public const int PageSize = 50;

    public async Task<(IReadOnlyList<AccountResponse> Accounts, bool More)> AccountsAsync(string? ownerType, string? search, int page, CancellationToken ct)
    {
        var tenant = await tenants.CurrentAsync(ct).ConfigureAwait(false);
        var query = db.Accounts.AsNoTracking().Where(a => a.TenantId == tenant.TenantId);
        if (ownerType is not null) query = query.Where(a => a.OwnerType == ownerType);
        if (!string.IsNullOrWhiteSpace(search)) query = query.Where(a => a.OwnerId.Contains(search) || a.AccountId == search);
        var rows = await query.OrderBy(a => a.OwnerType).ThenBy(a => a.OwnerId).ThenBy(a => a.Currency).Skip(page * PageSize).Take(PageSize + 1).ToListAsync(ct).ConfigureAwait(false);
        return ([.. rows.Take(PageSize).Select(AccountService.ToResponse)], rows.Count > PageSize);
    }

    public async Task<AccountResponse?> AccountAsync(string accountId, CancellationToken ct)
    {
        if (!PlainText.IsId(accountId, "acc")) return null;
        var tenant = await tenants.CurrentAsync(ct).ConfigureAwait(false);
        var a = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(x => x.AccountId == accountId && x.TenantId == tenant.TenantId, ct).ConfigureAwait(false);
        return a is null ? null : AccountService.ToResponse(a);
    }

    /// <summary>The newest transactions (of one account, or of the tenant), newest first.</summary>
    public async Task<IReadOnlyList<TransferRow>> RecentTransfersAsync(string? accountId, int take, CancellationToken ct)
    {
        var tenant = await tenants.CurrentAsync(ct).ConfigureAwait(false);
        var query = db.Transfers.AsNoTracking().Where(t => t.TenantId == tenant.TenantId);
        if (accountId is not null) query = query.Where(t => t.DebitAccountId == accountId || t.CreditAccountId == accountId);
        var rows = await query.OrderByDescending(t => t.TransferId).Take(take).ToListAsync(ct).ConfigureAwait(false);
        var owners = await OwnersAsync(rows.SelectMany(t => new[] { t.DebitAccountId, t.CreditAccountId }), ct).ConfigureAwait(false);
        return [.. rows.Select(t => new TransferRow(t.TransferId, t.Reference, t.Type, t.Status, t.DebitAccountId, owners.GetValueOrDefault(t.DebitAccountId) ?? t.DebitAccountId,
            t.CreditAccountId, owners.GetValueOrDefault(t.CreditAccountId) ?? t.CreditAccountId, t.Amount, t.Currency, t.CreatedAt))];
    }

    /// <summary>A transaction with its entries (none while it is pending) and who owns each account.</summary>
    public async Task<TransferDetail?> TransferAsync(string transferId, CancellationToken ct)
    {
        if (!PlainText.IsId(transferId, "trf")) return null;
        var tenant = await tenants.CurrentAsync(ct).ConfigureAwait(false);
        var t = await db.Transfers.AsNoTracking().FirstOrDefaultAsync(x => x.TransferId == transferId && x.TenantId == tenant.TenantId, ct).ConfigureAwait(false);
        if (t is null) return null;
        var entries = await db.Entries.AsNoTracking().Where(e => e.TransferId == transferId).ToListAsync(ct).ConfigureAwait(false);
        var owners = await OwnersAsync([t.DebitAccountId, t.CreditAccountId], ct).ConfigureAwait(false);
        var row = new TransferRow(t.TransferId, t.Reference, t.Type, t.Status, t.DebitAccountId, owners.GetValueOrDefault(t.DebitAccountId) ?? t.DebitAccountId,
            t.CreditAccountId, owners.GetValueOrDefault(t.CreditAccountId) ?? t.CreditAccountId, t.Amount, t.Currency, t.CreatedAt);
        return new TransferDetail(row, t.Metadata, t.ExpiresAt, t.PostedAt, t.VoidedAt, t.ChainId,
            [.. entries.OrderBy(e => e.Direction == LedgerEntry.Debit ? 0 : 1).Select(e => new StatementLine(e.EntryId, e.TransferId, t.Reference, t.Type, e.Direction, e.Amount, e.BalanceAfter, e.CreatedAt))]);
    }

    /// <summary>The account's latest entries, newest first, each with the balance after it.</summary>
    public async Task<IReadOnlyList<StatementLine>> LatestLinesAsync(string accountId, int take, CancellationToken ct)
    {
        var rows = await db.Entries.AsNoTracking().Where(e => e.AccountId == accountId).OrderByDescending(e => e.EntryId).Take(take)
            .Join(db.Transfers, e => e.TransferId, t => t.TransferId, (e, t) => new { e, t.Reference, t.Type }).ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.OrderByDescending(r => r.e.EntryId, StringComparer.Ordinal)
            .Select(r => new StatementLine(r.e.EntryId, r.e.TransferId, r.Reference, r.Type, r.e.Direction, r.e.Amount, r.e.BalanceAfter, r.e.CreatedAt))];
    }

    /// <summary>The balance at the end of each of the last <paramref name="days"/> days (UTC), from the entries.</summary>
    public async Task<IReadOnlyList<(DateOnly Day, long Balance)>> DailyBalancesAsync(string accountId, int days, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var first = today.AddDays(1 - days);
        var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var opening = await db.Entries.AsNoTracking().Where(e => e.AccountId == accountId && e.CreatedAt < start)
            .SumAsync(e => e.Direction == LedgerEntry.Credit ? e.Amount : -e.Amount, ct).ConfigureAwait(false);
        var moves = await db.Entries.AsNoTracking().Where(e => e.AccountId == accountId && e.CreatedAt >= start)
            .Select(e => new { e.CreatedAt, Signed = e.Direction == LedgerEntry.Credit ? e.Amount : -e.Amount }).ToListAsync(ct).ConfigureAwait(false);
        var byDay = moves.GroupBy(m => DateOnly.FromDateTime(m.CreatedAt.UtcDateTime)).ToDictionary(g => g.Key, g => g.Sum(m => m.Signed));
        var result = new List<(DateOnly, long)>(days);
        var balance = opening;
        for (var d = first; d <= today; d = d.AddDays(1))
        {
            balance += byDay.GetValueOrDefault(d);
            result.Add((d, balance));
        }

        return result;
    }

    /// <summary>Accounts' owners as people read them: “vendor · usr_…”, replaced by a name on the pages where one is known.</summary>
    private async Task<Dictionary<string, string>> OwnersAsync(IEnumerable<string> accountIds, CancellationToken ct)
    {
        var ids = accountIds.Distinct().ToList();
        return await db.Accounts.AsNoTracking().Where(a => ids.Contains(a.AccountId))
            .ToDictionaryAsync(a => a.AccountId, a => a.OwnerType + " · " + a.OwnerId, ct).ConfigureAwait(false);
    }
}
