namespace Ecosystem.Vouchers.Redemptions;

/// <summary>A redemption at the station app: the code as typed or scanned, and the station when the operator works at several.</summary>
public sealed record RedeemRequest(string? Code, string? StationId);
