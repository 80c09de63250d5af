namespace Ecosystem.Wallet.Reports;

/// <summary>An account whose stored figure differs from what its entries (or pending transfers) say.</summary>
public sealed record ReconciliationMismatch(string AccountId, string Figure, long Stored, long Recomputed);
