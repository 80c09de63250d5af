using Ecosystem.Platform;
using static Ecosystem.Platform.ProductSummaryFold;

namespace Ecosystem.Wallet.Contracts;

/// <summary>The wallet in a person's Customer 360: balance and currency from the latest change, the last top-up, and how many top-ups.</summary>
public static class WalletCustomer360
{
    public static readonly ProductSummaryFold Fold = new(WalletEvents.Product)
    {
        StateProperty = WalletEvents.StateProperty,
        State =
        [
            new("balance", "walletBalance", SummaryValueType.Integer, CoreOrder.Products + 40),
            new("currency", "walletCurrency", SummaryValueType.Text, CoreOrder.Products + 41),
        ],
        LastAt = [new("lastTopUpAt", WalletEvents.TopUpSucceeded, CoreOrder.EngagementScore + 40) { Label = "Last wallet top-up" }],
        Counters = [new("counters.walletTopUps", WalletEvents.TopUpSucceeded, CoreOrder.EventCount + 50) { Label = "wallet top-ups" }],
    };
}
