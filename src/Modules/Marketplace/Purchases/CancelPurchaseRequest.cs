namespace Ecosystem.Marketplace.Purchases;

/// <summary>Why a purchase is cancelled (optional, up to 300 characters).</summary>
public sealed record CancelPurchaseRequest(string? Reason);
