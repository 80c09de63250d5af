namespace Ecosystem.Marketplace.Ranking;

/// <summary>One factor of a vendor's score: its value (as the vendor has it), how it scores from 0 to 1, its weight (points out of 100) and its contribution (points).</summary>
public sealed record RankingFactor(string Factor, string Value, decimal Normalized, int Weight, decimal Contribution);
