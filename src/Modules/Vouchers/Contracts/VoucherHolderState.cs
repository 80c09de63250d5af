namespace Ecosystem.Vouchers.Contracts;

/// <summary>What every voucher event carries about its holder (Customer 360): vouchers held (issued or sent) and redeemed.</summary>
public sealed record VoucherHolderState(long Held, long Redeemed);
