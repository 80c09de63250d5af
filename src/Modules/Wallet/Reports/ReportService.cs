using Ecosystem.Platform;
using Ecosystem.Wallet.Data;
using Ecosystem.Wallet.Tenants;
using Ecosystem.Wallet.Transfers;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Wallet.Reports;

/// <summary>Checks of the whole ledger of the caller's tenant: the trial balance and the reconciliation of stored balances with entries.</summary>
internal sealed class ReportService(WalletDbContext db, TenantService tenants, TimeProvider time)
{
    public async Task<TrialBalanceResponse> TrialBalanceAsync(CancellationToken ct)
    {
        var tenant = await tenants.CurrentAsync(ct).ConfigureAwait(false);
        var entries = await db.Entries.AsNoTracking().Where(e => e.TenantId == tenant.TenantId).GroupBy(e => new { e.Currency, e.Direction })
            .Select(g => new { g.Key.Currency, g.Key.Direction, Sum = g.Sum(e => e.Amount) }).ToListAsync(ct).ConfigureAwait(false);
        var balances = await db.Accounts.AsNoTracking().Where(a => a.TenantId == tenant.TenantId).GroupBy(a => a.Currency)
            .Select(g => new { Currency = g.Key, Sum = g.Sum(a => a.Balance) }).ToListAsync(ct).ConfigureAwait(false);
        var lines = entries.Select(e => e.Currency).Concat(balances.Select(b => b.Currency)).Distinct().Order(StringComparer.Ordinal).Select(currency =>
        {
            var debits = entries.Where(e => e.Currency == currency && e.Direction == LedgerEntry.Debit).Sum(e => e.Sum);
            var credits = entries.Where(e => e.Currency == currency && e.Direction == LedgerEntry.Credit).Sum(e => e.Sum);
            var sum = balances.Where(b => b.Currency == currency).Sum(b => b.Sum);
            return new TrialBalanceLine(currency, debits, credits, debits - credits, sum, debits == credits && sum == 0);
        }).ToList();
        return new TrialBalanceResponse(lines, lines.All(l => l.Balanced), time.UtcNowStored());
    }

    /// <summary>Recomputes every account's balance from its entries and its holds from its pending transfers, and lists what differs.</summary>
    public async Task<ReconciliationResponse> ReconcileAsync(CancellationToken ct)
    {
        var tenant = await tenants.CurrentAsync(ct).ConfigureAwait(false);
        var accounts = await db.Accounts.AsNoTracking().Where(a => a.TenantId == tenant.TenantId)
            .Select(a => new { a.AccountId, a.Balance, a.PendingDebits, a.PendingCredits }).ToListAsync(ct).ConfigureAwait(false);
        var sums = await db.Entries.AsNoTracking().Where(e => e.TenantId == tenant.TenantId).GroupBy(e => e.AccountId)
            .Select(g => new { AccountId = g.Key, Sum = g.Sum(e => e.Direction == LedgerEntry.Credit ? e.Amount : -e.Amount) }).ToDictionaryAsync(x => x.AccountId, x => x.Sum, ct).ConfigureAwait(false);
        var pending = db.Transfers.AsNoTracking().Where(t => t.TenantId == tenant.TenantId && t.Status == Transfer.Pending);
        var heldDebits = await pending.GroupBy(t => t.DebitAccountId).Select(g => new { g.Key, Sum = g.Sum(t => t.Amount) }).ToDictionaryAsync(x => x.Key, x => x.Sum, ct).ConfigureAwait(false);
        var heldCredits = await pending.GroupBy(t => t.CreditAccountId).Select(g => new { g.Key, Sum = g.Sum(t => t.Amount) }).ToDictionaryAsync(x => x.Key, x => x.Sum, ct).ConfigureAwait(false);
        var mismatches = new List<ReconciliationMismatch>();
        foreach (var a in accounts)
        {
            var balance = sums.GetValueOrDefault(a.AccountId);
            if (balance != a.Balance) mismatches.Add(new(a.AccountId, "balance", a.Balance, balance));
            var debits = heldDebits.GetValueOrDefault(a.AccountId);
            if (debits != a.PendingDebits) mismatches.Add(new(a.AccountId, "pendingDebits", a.PendingDebits, debits));
            var credits = heldCredits.GetValueOrDefault(a.AccountId);
            if (credits != a.PendingCredits) mismatches.Add(new(a.AccountId, "pendingCredits", a.PendingCredits, credits));
        }

        return new ReconciliationResponse(accounts.Count, mismatches, mismatches.Count == 0, time.UtcNowStored());
    }
}
