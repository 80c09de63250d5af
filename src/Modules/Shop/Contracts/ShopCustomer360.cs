using Ecosystem.Platform;
using static Ecosystem.Platform.ProductSummaryFold;

namespace Ecosystem.Shop.Contracts;

/// <summary>The shop in a person's Customer 360: orders, revenue and subscription status from the latest event, and the last order.</summary>
public static class ShopCustomer360
{
    public static readonly ProductSummaryFold Fold = new(ShopEvents.Product)
    {
        StateProperty = ShopEvents.StateProperty,
        State =
        [
            new("orders", "shopOrders", SummaryValueType.Integer, CoreOrder.Products + 30),
            new("revenue", "shopRevenue", SummaryValueType.Integer, CoreOrder.Products + 31),
            new("currency", "shopCurrency", SummaryValueType.Text, CoreOrder.Products + 32),
            new("subscriptionStatus", "shopSubscriptionStatus", SummaryValueType.Text, CoreOrder.Products + 33) { Default = "none" },
        ],
        StatusFilter = new("shopSubscriptionStatus", "subscriptionStatus", ["none", "trialing", "active", "past_due", "canceled"]) { Label = "Shop subscription" },
        LastAt = [new("lastOrderAt", ShopEvents.OrderCreated, CoreOrder.EngagementScore + 30) { Label = "Last order" }],
        Counters = [new("counters.shopPayments", ShopEvents.PaymentCaptured, CoreOrder.EventCount + 40) { Label = "shop payments" }],
    };
}
