using Ecosystem.Marketplace.Ranking;

namespace Ecosystem.Marketplace.Intents;

/// <summary>The vendors of the tenant ranked for an intent, best first, and the weights the score uses (points out of 100).</summary>
public sealed record RankingsResponse(string IntentId, string Category, string Region, IReadOnlyDictionary<string, int> Weights, IReadOnlyList<VendorRank> Vendors);
