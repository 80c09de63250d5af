using System.Text.Json;

namespace Ecosystem.Vouchers.Vouchers;

/// <summary>
/// A voucher as its managers see it. <c>holderPhone</c> is masked. <c>qrUrl</c> and <c>pngUrl</c> are short-lived signed
/// links to the QR and the voucher card. <c>codesRemaining</c> (on issue) is how many codes are still free.
/// </summary>
public sealed record VoucherResponse(
    string VoucherId, string UserEcosystemId, string Code, string Status, long Amount, string Currency, string? StationScope, string? CampaignId,
    string? HolderPhone, DateTimeOffset IssuedAt, DateTimeOffset? SentAt, DateTimeOffset? RedeemedAt, DateTimeOffset? ExpiresAt,
    string? RedeemedStationId, string? LedgerTransactionId, string? QrUrl, string? PngUrl, JsonElement? Metadata, long? CodesRemaining);
