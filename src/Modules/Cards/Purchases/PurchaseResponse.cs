namespace Ecosystem.Cards.Purchases;

/// <summary>A purchase as the API shows it: approved, or declined with a reason; amounts are minor units.</summary>
public sealed record PurchaseResponse(string PurchaseId, long Amount, string Currency, string? Merchant, bool Approved, string? Reason, long AvailableLimit, DateTimeOffset CreatedAt);
