using Ecosystem.Platform;
using static Ecosystem.Platform.ProductSummaryFold;

namespace Ecosystem.Cards.Contracts;

/// <summary>The card in a person's Customer 360: its latest state, purchases and the last transaction.</summary>
public static class CardsCustomer360
{
    public static readonly ProductSummaryFold Fold = new(CardEvents.Product)
    {
        StateProperty = CardEvents.StateProperty,
        State =
        [
            new("status", "creditCardStatus", SummaryValueType.Text, CoreOrder.Products + 10) { Default = "none" },
            new("currentLimit", "creditCardCurrentLimit", SummaryValueType.Integer, CoreOrder.Products + 11),
            new("availableLimit", "creditCardAvailableLimit", SummaryValueType.Integer, CoreOrder.Products + 12),
            new("currency", "creditCardCurrency", SummaryValueType.Text, CoreOrder.Products + 13),
        ],
        StatusFilter = new("creditCardStatus", "status", ["none", "preapproved", "onboarded"]) { Label = "Card status" },
        LastAt = [new("lastTransactionAt", CardEvents.PurchaseSimulated, CoreOrder.EngagementScore + 20) { Label = "Last purchase" }],
        Counters =
        [
            new("counters.purchases", CardEvents.PurchaseSimulated, CoreOrder.EventCount + 30) { Label = "purchases" },
            new("counters.approvedPurchases", CardEvents.PurchaseSimulated, CoreOrder.EventCount + 31) { WhenTrue = "approved", Label = "approved" },
        ],
    };
}
