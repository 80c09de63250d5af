using Ecosystem.Platform;
using static Ecosystem.Platform.ProductSummaryFold;

namespace Ecosystem.Vouchers.Contracts;

/// <summary>Fuel vouchers in a person's Customer 360: how many they hold (issued or sent) and have redeemed, from the latest voucher event, and the last redemption.</summary>
public static class VouchersCustomer360
{
    public static readonly ProductSummaryFold Fold = new(VoucherEvents.Product)
    {
        StateProperty = VoucherEvents.StateProperty,
        State =
        [
            new("held", "vouchersHeld", SummaryValueType.Integer, CoreOrder.Products + 45),
            new("redeemed", "vouchersRedeemed", SummaryValueType.Integer, CoreOrder.Products + 46),
        ],
        LastAt = [new("lastRedemptionAt", VoucherEvents.Redeemed, CoreOrder.EngagementScore + 45) { Label = "Last voucher redeemed" }],
    };
}
