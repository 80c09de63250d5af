namespace Ecosystem.Vouchers.Contracts;

/// <summary>The events the Vouchers module publishes, named <c>com.ecosystem.vouchers.{station,voucher}.{action}</c>.</summary>
public static class VoucherEvents
{
    public const string Product = "vouchers";

    /// <summary>Every voucher event carries the holder's resulting voucher counts under this property (Customer 360).</summary>
    public const string StateProperty = "vouchers";

    public const string StationCreated = "com.ecosystem.vouchers.station.created";
    public const string OperatorBound = "com.ecosystem.vouchers.station.operator_bound";
    public const string Issued = "com.ecosystem.vouchers.voucher.issued";
    public const string Sent = "com.ecosystem.vouchers.voucher.sent";
    public const string Redeemed = "com.ecosystem.vouchers.voucher.redeemed";
    public const string Expired = "com.ecosystem.vouchers.voucher.expired";
    public const string Voided = "com.ecosystem.vouchers.voucher.voided";
    public const string PolicyBlocked = "com.ecosystem.vouchers.voucher.policy_blocked";
}
