namespace Ecosystem.Wallet.Reports;

/// <summary>One currency: the debits and credits of every entry (their difference must be zero) and the sum of the stored balances (zero too).</summary>
public sealed record TrialBalanceLine(string Currency, long Debits, long Credits, long Difference, long SumOfBalances, bool Balanced);
