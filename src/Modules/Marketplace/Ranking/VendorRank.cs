namespace Ecosystem.Marketplace.Ranking;

/// <summary>A vendor's place for an intent: score out of 100 and its breakdown, and their quote if they sent one.</summary>
public sealed record VendorRank(int Rank, string UserEcosystemId, string DisplayName, string Region, decimal Score, IReadOnlyList<RankingFactor> Breakdown, string? QuoteId);
