using Ecosystem.Platform;
using Ecosystem.Wallet.Accounts;
using Ecosystem.Wallet.Explorer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Wallet.Pages.Admin.Wallet;

/// <summary>One account: balance and holds, its balance over 30 days, the statement with running balances (paged), its transactions.</summary>
internal sealed class AccountModel(LedgerExplorer explorer, AccountService accounts, IPersonDirectory people) : PageModel
{
    public AccountResponse Account { get; private set; } = null!;
    public string OwnerName { get; private set; } = "";
    public IReadOnlyList<(DateOnly Day, long Balance)> Days { get; private set; } = [];
    public IReadOnlyList<StatementLine> Lines { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public bool Latest { get; private set; }
    public IReadOnlyList<TransferRow> Transfers { get; private set; } = [];
    public IReadOnlyDictionary<string, KnownPerson> People { get; private set; } = new Dictionary<string, KnownPerson>();

    public async Task<IActionResult> OnGetAsync(string accountId, string? cursor, CancellationToken ct)
    {
        var account = await explorer.AccountAsync(accountId, ct);
        if (account is null) return NotFound();
        Account = account;
        Days = await explorer.DailyBalancesAsync(accountId, 30, ct);
        if (cursor is null)
        {
            Latest = true;
            Lines = await explorer.LatestLinesAsync(accountId, 50, ct);
        }
        else
        {
            var page = await accounts.StatementAsync(accountId, 50, cursor == "start" ? null : cursor, ct);
            if (!page.IsSuccess) return NotFound();
            Lines = page.Value!.Items;
            NextCursor = page.Value.NextCursor;
        }

        Transfers = await explorer.RecentTransfersAsync(accountId, 10, ct);
        var ids = Transfers.SelectMany(t => new[] { t.DebitOwner, t.CreditOwner }).Select(o => o.Split(" · ").Last()).Append(account.OwnerId)
            .Where(id => id.StartsWith("usr_", StringComparison.Ordinal)).Distinct().ToList();
        People = await people.FindAsync(ids, ct);
        OwnerName = WalletFormat.Owner(account.OwnerId, People);
        return Page();
    }
}
