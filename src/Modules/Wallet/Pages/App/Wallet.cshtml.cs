using Ecosystem.Platform;
using Ecosystem.Wallet.Accounts;
using Ecosystem.Wallet.Explorer;
using Ecosystem.Wallet.Funding;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Wallet.Pages.App;

/// <summary>The person's wallets: balance, a 30-day balance chart, the latest lines, top-up by card and (vendors) payouts.</summary>
internal sealed class WalletModel(FundingService funding, LedgerExplorer explorer, OperationContext op, TimeProvider time) : PageModel
{
    public IReadOnlyList<MyWalletAccount> Accounts { get; private set; } = [];
    public MyWalletAccount? Selected { get; private set; }
    public IReadOnlyList<StatementLine> Lines { get; private set; } = [];
    public IReadOnlyList<(DateOnly Day, long Balance)> Days { get; private set; } = [];
    public IReadOnlyList<TopUpResponse> TopUps { get; private set; } = [];
    public IReadOnlyList<PayoutResponse> Payouts { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Problem { get; private set; }
    public string? Form { get; private set; }
    public string? TypedAmount { get; private set; }
    public string? TypedDestination { get; private set; }
    public int ThisYear => time.GetUtcNow().Year;
    public int? ExpMonth { get; private set; }
    public int? ExpYear { get; private set; }
    public string TopUpCurrency => Selected?.Currency ?? "RWF";
    public MyWalletAccount? VendorWallet => Accounts.FirstOrDefault(a => a.Kind == "vendor" && a.Currency == TopUpCurrency) ?? Accounts.FirstOrDefault(a => a.Kind == "vendor");

    public Task OnGetAsync(string? account, CancellationToken ct) => LoadAsync(account, ct);

    public async Task<IActionResult> OnPostTopUpAsync(string? account, string? amount, string? currency, string? cardNumber, int? expMonth, int? expYear, string? cvc, CancellationToken ct)
    {
        var unit = currency is not null && Money.IsKnownCurrency(currency) ? currency : "RWF";
        if (Amounts.CheckTyped(amount, unit, FundingService.MaxTopUp, out var minor) is { } wrong)
        {
            return await ShowAsync("top-up", account, new Dictionary<string, string[]> { ["amount"] = [wrong] }, null, amount, null, expMonth, expYear, ct);
        }

        var result = await funding.TopUpAsync(op.ActorId, new TopUpRequest(minor, unit, cardNumber, expMonth, expYear, cvc, null), ct);
        if (!result.IsSuccess) return await ShowAsync("top-up", account, result.Error!.Fields, result.Error.Fields is { Count: > 0 } ? null : result.Error.Message, amount, null, expMonth, expYear, ct);
        var t = result.Value!;
        TempData["Flash"] = t.Status == "succeeded"
            ? $"{WalletFormat.Money(t.Amount, t.Currency)} added to your wallet from your {WalletFormat.Brand(t.CardBrand)} ending {t.CardLast4}."
            : $"Top-up declined: {(t.FailureMessage ?? "the bank did not approve it.").TrimEnd('.')}. Nothing was charged.";
        TempData["FlashKind"] = t.Status == "succeeded" ? "ok" : "bad";
        return RedirectToPage(new { account = t.AccountId });
    }

    public async Task<IActionResult> OnPostPayoutAsync(string? account, string? amount, string? currency, string? destination, CancellationToken ct)
    {
        var unit = currency is not null && Money.IsKnownCurrency(currency) ? currency : "RWF";
        if (Amounts.CheckTyped(amount, unit, long.MaxValue / 4, out var minor) is { } wrong)
        {
            return await ShowAsync("payout", account, new Dictionary<string, string[]> { ["amount"] = [wrong] }, null, amount, destination, null, null, ct);
        }

        var result = await funding.RequestPayoutAsync(op.ActorId, new PayoutRequest(minor, unit, destination), ct);
        if (!result.IsSuccess) return await ShowAsync("payout", account, result.Error!.Fields, result.Error.Fields is { Count: > 0 } ? null : result.Error.Message, amount, destination, null, null, ct);
        TempData["Flash"] = $"Payout of {WalletFormat.Money(result.Value!.Amount, result.Value.Currency)} to {result.Value.Destination} requested. The amount is held until the provider pays it, usually within a minute.";
        TempData["FlashKind"] = "ok";
        return RedirectToPage(new { account = result.Value.AccountId });
    }

    private async Task<IActionResult> ShowAsync(string form, string? account, IReadOnlyDictionary<string, string[]>? errors, string? problem, string? amount, string? destination,
        int? expMonth, int? expYear, CancellationToken ct)
    {
        (Form, Errors, Problem, TypedAmount, TypedDestination, ExpMonth, ExpYear) = (form, errors ?? new Dictionary<string, string[]>(), problem, amount, destination, expMonth, expYear);
        Response.StatusCode = 422;
        await LoadAsync(account, ct);
        return Page();
    }

    private async Task LoadAsync(string? account, CancellationToken ct)
    {
        Accounts = await funding.MyAccountsAsync(op.ActorId, ct);
        // Unless one was chosen: the wallet with money in it (a vendor's empty buying wallet is not the one to show first).
        Selected = Accounts.FirstOrDefault(a => a.AccountId == account)
            ?? Accounts.OrderByDescending(a => a.Balance != 0 || a.PendingDebits != 0 || a.PendingCredits != 0).ThenBy(a => a.Kind == "buyer" ? 0 : 1).FirstOrDefault();
        if (Selected is not null)
        {
            Lines = await explorer.LatestLinesAsync(Selected.AccountId, 25, ct);
            Days = await explorer.DailyBalancesAsync(Selected.AccountId, 30, ct);
        }

        TopUps = [.. (await funding.MyTopUpsAsync(op.ActorId, ct)).Take(10)];
        Payouts = [.. (await funding.ListPayoutsAsync(op.ActorId, null, 10, ct)).Items];
    }
}
