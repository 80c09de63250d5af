using Ecosystem.Vouchers.Vouchers;

namespace Ecosystem.Vouchers.Redemptions;

/// <summary>A redeemed voucher as the station sees it, and the ledger transaction that paid the station.</summary>
public sealed record RedemptionResponse(StationVoucherResponse Voucher, string LedgerTransactionId, string StationId, DateTimeOffset RedeemedAt);
