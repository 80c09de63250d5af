using Ecosystem.Platform;
using Ecosystem.Wallet.Accounts;
using Ecosystem.Wallet.Contracts;
using Ecosystem.Wallet.Explorer;
using Ecosystem.Wallet.Reports;
using Ecosystem.Wallet.Tenants;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Wallet.Pages.Admin.Wallet;

/// <summary>The ledger explorer: the trial balance, the reconciliation on demand, accounts by owner, the latest transactions.</summary>
internal sealed class IndexModel(LedgerExplorer explorer, ReportService reports, TenantService tenants, IPersonDirectory people) : PageModel
{
    public string TenantName { get; private set; } = "";
    public TrialBalanceResponse Trial { get; private set; } = null!;
    public ReconciliationResponse? Reconciliation { get; private set; }
    public IReadOnlyList<AccountResponse> Accounts { get; private set; } = [];
    public bool More { get; private set; }
    public IReadOnlyList<TransferRow> Transfers { get; private set; } = [];
    public IReadOnlyDictionary<string, KnownPerson> People { get; private set; } = new Dictionary<string, KnownPerson>();
    public string? OwnerType { get; private set; }
    public string? Q { get; private set; }
    public int PageNumber { get; private set; }

    public async Task OnGetAsync(string? ownerType, string? q, int? page, bool? reconcile, CancellationToken ct)
    {
        OwnerType = ownerType is not null && OwnerTypes.All.Contains(ownerType) ? ownerType : null;
        Q = q is { Length: > 0 and <= 80 } && q.All(c => c is >= ' ' and <= '~') ? q.Trim() : null;
        PageNumber = page is >= 0 and < 10_000 ? page.Value : 0;
        TenantName = (await tenants.CurrentAsync(ct)).Name;
        Trial = await reports.TrialBalanceAsync(ct);
        if (reconcile == true) Reconciliation = await reports.ReconcileAsync(ct);
        (Accounts, More) = await explorer.AccountsAsync(OwnerType, Q, PageNumber, ct);
        Transfers = await explorer.RecentTransfersAsync(null, 15, ct);
        var ids = Accounts.Select(a => a.OwnerId).Concat(Transfers.SelectMany(t => new[] { t.DebitOwner, t.CreditOwner }).Select(o => o.Split(" · ").Last()))
            .Where(id => id.StartsWith("usr_", StringComparison.Ordinal)).Distinct().ToList();
        People = await people.FindAsync(ids, ct);
    }
}
