namespace Ecosystem.Marketplace.Profiles;

/// <summary>A buyer's profile, their wallet's balance and what is available to spend (balance minus holds), in minor units.</summary>
public sealed record BuyerResponse(
    string UserEcosystemId, string Segment, string WalletAccountId, string Currency, long Balance, long Held, long Available,
    int Intents, int PurchasesCompleted, long Spent);
