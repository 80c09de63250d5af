namespace Ecosystem.Cards.Purchases;

/// <summary>A simulated purchase: an amount in minor units of the card's currency and an optional merchant.</summary>
public sealed record PurchaseRequest(long? Amount, string? Merchant);
