using Ecosystem.Marketplace.Intents;
using Ecosystem.Marketplace.Profiles;
using Ecosystem.Marketplace.Purchases;
using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Ecosystem.Marketplace.Pages.App.Marketplace;

/// <summary>The buyer's marketplace: their wallet, a form to post an intent, their intents with quotes to compare and accept, their purchases.</summary>
internal sealed class IndexModel(ProfileService profiles, IntentService intents, PurchaseService purchases, OperationContext op, Capabilities capabilities) : MarketplacePage
{
    public MeResponse Me { get; private set; } = null!;
    public IReadOnlyList<IntentResponse> Intents { get; private set; } = [];
    public IReadOnlyList<PurchaseResponse> Purchases { get; private set; } = [];
    public IReadOnlyDictionary<string, string> VendorNames { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Me = await profiles.MeAsync(op.ActorId, capabilities.Allows(MarketplacePolicies.Sell, User.Roles()), ct);
        Intents = await intents.ListMineAsync(op.ActorId, 20, ct);
        Purchases = (await purchases.ListAsync(op.ActorId, false, null, 20, ct)).Where(p => p.BuyerUserId == op.ActorId).ToList();
        VendorNames = (await profiles.ListVendorsAsync(ct)).ToDictionary(v => v.UserEcosystemId, v => v.DisplayName);
    }

    public async Task<IActionResult> OnPostIntentAsync(string? channel, string? category, string? region, string? description, CancellationToken ct)
    {
        var result = await intents.CreateAsync(op.ActorId, new IntentRequest(channel, category, region, description, null, null), ct);
        return result.IsSuccess ? Done("Your request is posted. Vendors nearby can quote now.") : Failed(result.Error!);
    }

    public async Task<IActionResult> OnPostAcceptAsync(string quoteId, CancellationToken ct)
    {
        var result = await purchases.AcceptAsync(op.ActorId, quoteId, ct);
        return result.IsSuccess
            ? Done($"Quote accepted. {new Money(result.Value!.Amount, result.Value.Currency)} is held in your wallet until the vendor completes.")
            : Failed(result.Error!);
    }

    public async Task<IActionResult> OnPostCancelIntentAsync(string intentId, CancellationToken ct)
    {
        var result = await intents.CancelAsync(op.ActorId, intentId, ct);
        return result.IsSuccess ? Done("Your request is cancelled.") : Failed(result.Error!);
    }

    public async Task<IActionResult> OnPostCancelPurchaseAsync(string purchaseId, CancellationToken ct)
    {
        var result = await purchases.CancelAsync(op.ActorId, purchaseId, new CancelPurchaseRequest("Cancelled by the buyer"), false, ct);
        return result.IsSuccess ? Done("Purchase cancelled; the held amount is back in your wallet.") : Failed(result.Error!);
    }
}
