namespace Ecosystem.Marketplace.Purchases;

/// <summary>
/// A purchase and its split, in minor units: <c>commission</c> + <c>vendorNet</c> = <c>amount</c>. <c>holdTransferId</c> is the
/// ledger's pending transfer buyer → vendor; <c>commissionTransferId</c> the vendor → commission transfer made at completion.
/// </summary>
public sealed record PurchaseResponse(
    string PurchaseId, string IntentId, string QuoteId, string BuyerUserId, string VendorUserId, string Category, long Amount, string Currency,
    long Commission, long VendorNet, string? CommissionScheduleId, string HoldTransferId, string? CommissionTransferId, string Status, string? Reason,
    DateTimeOffset CreatedAt, DateTimeOffset? FulfilledAt);
