namespace Ecosystem.Vouchers.Vouchers;

/// <summary>A voucher's statuses (seed 003): issued, sent, redeemed, expired, void.</summary>
internal static class VoucherStatus
{
    public const string Issued = "issued";
    public const string Sent = "sent";
    public const string Redeemed = "redeemed";
    public const string Expired = "expired";
    public const string Void = "void";

    public static readonly IReadOnlyList<string> All = [Issued, Sent, Redeemed, Expired, Void];
}
