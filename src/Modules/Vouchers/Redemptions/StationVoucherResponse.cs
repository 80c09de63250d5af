namespace Ecosystem.Vouchers.Redemptions;

/// <summary>A voucher as a station operator sees it before redeeming: the amount, the holder's first name and masked phone, and whether it can be redeemed.</summary>
public sealed record StationVoucherResponse(
    string VoucherId, string Code, string Status, long Amount, string Currency, string HolderFirstName, string? HolderPhone,
    DateTimeOffset? ExpiresAt, string? StationScope, bool Redeemable, DateTimeOffset? RedeemedAt);
