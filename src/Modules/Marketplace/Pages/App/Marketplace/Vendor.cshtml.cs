using Ecosystem.Marketplace.Intents;
using Ecosystem.Marketplace.Profiles;
using Ecosystem.Marketplace.Purchases;
using Ecosystem.Platform;
using Microsoft.AspNetCore.Mvc;

namespace Ecosystem.Marketplace.Pages.App.Marketplace;

/// <summary>The vendor's desk: their profile and wallet, the tenant's open intents ranked for them with the score's breakdown and a quote form, their purchases to complete.</summary>
internal sealed class VendorModel(ProfileService profiles, IntentService intents, PurchaseService purchases, OperationContext op) : MarketplacePage
{
    public VendorResponse? Vendor { get; private set; }
    public long? Balance { get; private set; }
    public IReadOnlyList<OpenIntentResponse> Open { get; private set; } = [];
    public IReadOnlyList<PurchaseResponse> Sales { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = await profiles.MeAsync(op.ActorId, true, ct);
        Vendor = me.Vendor;
        Balance = me.VendorBalance;
        Open = (await intents.OpenForVendorAsync(op.ActorId, 30, ct)).Value ?? [];
        Sales = (await purchases.ListAsync(op.ActorId, false, null, 20, ct)).Where(p => p.VendorUserId == op.ActorId).ToList();
    }

    public async Task<IActionResult> OnPostProfileAsync(string? displayName, string? region, string? categories, CancellationToken ct)
    {
        var list = (categories ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = await profiles.SaveVendorAsync(op.ActorId, new VendorProfileRequest(displayName, region, list), ct);
        return result.IsSuccess ? Done("Your vendor profile is saved.") : Failed(result.Error!);
    }

    public async Task<IActionResult> OnPostQuoteAsync(string intentId, string? price, int? etaMinutes, string? note, CancellationToken ct)
    {
        var currency = Vendor?.Currency ?? "RWF";
        var me = await profiles.FindVendorAsync(op.ActorId, ct);
        if (me is not null) currency = me.Currency;
        if (Amounts.CheckTyped(price, currency, IntentService.MaxPrice, out var minor) is { } problem) return Done(problem, ok: false);
        var result = await intents.QuoteAsync(op.ActorId, intentId, new QuoteRequest(minor, currency, etaMinutes, string.IsNullOrWhiteSpace(note) ? null : note), ct);
        return result.IsSuccess ? Done($"Quote sent: {new Money(minor, currency)}.") : Failed(result.Error!);
    }

    public async Task<IActionResult> OnPostCompleteAsync(string purchaseId, CancellationToken ct)
    {
        var result = await purchases.CompleteAsync(op.ActorId, purchaseId, ct);
        return result.IsSuccess
            ? Done($"Completed. {new Money(result.Value!.VendorNet, result.Value.Currency)} is in your wallet (commission {new Money(result.Value.Commission, result.Value.Currency)}).")
            : Failed(result.Error!);
    }

    public async Task<IActionResult> OnPostCancelAsync(string purchaseId, CancellationToken ct)
    {
        var result = await purchases.CancelAsync(op.ActorId, purchaseId, new CancelPurchaseRequest("Cancelled by the vendor"), false, ct);
        return result.IsSuccess ? Done("Purchase cancelled; the buyer's money is released.") : Failed(result.Error!);
    }
}
