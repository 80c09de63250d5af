namespace Ecosystem.Wallet.Reports;

public sealed record TrialBalanceResponse(IReadOnlyList<TrialBalanceLine> Currencies, bool Balanced, DateTimeOffset At);
