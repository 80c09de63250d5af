namespace Ecosystem.Vouchers.Vouchers;

/// <summary>Why a voucher is voided (optional, kept in its history).</summary>
public sealed record VoidRequest(string? Reason);
