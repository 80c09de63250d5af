namespace Ecosystem.Wallet.Contracts;

/// <summary>The kinds of ledger transaction.</summary>
public static class TransferTypes
{
    public const string Purchase = "purchase";
    public const string Payout = "payout";
    public const string Commission = "commission";
    public const string Adjustment = "adjustment";
    public const string TopUp = "top-up";
    public const string VoucherRedemption = "voucher-redemption";

    public static readonly IReadOnlyList<string> All = [Purchase, Payout, Commission, Adjustment, TopUp, VoucherRedemption];
}
