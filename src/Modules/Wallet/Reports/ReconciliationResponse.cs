namespace Ecosystem.Wallet.Reports;

public sealed record ReconciliationResponse(int AccountsChecked, IReadOnlyList<ReconciliationMismatch> Mismatches, bool Ok, DateTimeOffset At);
