namespace Ecosystem.Marketplace.Contracts;

/// <summary>A buyer's marketplace totals as their events carry them (property <c>marketplace</c>); Customer 360 keeps the latest.</summary>
public sealed record MarketplaceEventState(int Intents, int PurchasesCompleted, long Spent, string Currency);
