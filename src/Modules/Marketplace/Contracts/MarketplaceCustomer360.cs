using Ecosystem.Platform;
using static Ecosystem.Platform.ProductSummaryFold;

namespace Ecosystem.Marketplace.Contracts;

/// <summary>The marketplace in a person's Customer 360: intents posted, purchases completed and the amount spent (from the latest event), the last purchase.</summary>
public static class MarketplaceCustomer360
{
    public static readonly ProductSummaryFold Fold = new(MarketplaceEvents.Product)
    {
        StateProperty = MarketplaceEvents.StateProperty,
        State =
        [
            new("intents", "marketplaceIntents", SummaryValueType.Integer, CoreOrder.Products + 50),
            new("purchasesCompleted", "marketplacePurchases", SummaryValueType.Integer, CoreOrder.Products + 51),
            new("spent", "marketplaceSpent", SummaryValueType.Integer, CoreOrder.Products + 52),
            new("currency", "marketplaceCurrency", SummaryValueType.Text, CoreOrder.Products + 53),
        ],
        LastAt = [new("lastMarketplacePurchaseAt", MarketplaceEvents.PurchaseCompleted, CoreOrder.EngagementScore + 50) { Label = "Last marketplace purchase" }],
    };
}
