namespace Ecosystem.Wallet.Accounts;

/// <summary>An account's balance at <paramref name="At"/> (now when none was asked); holds only for now.</summary>
public sealed record BalanceResponse(string AccountId, string Currency, DateTimeOffset At, long Balance, long? PendingDebits, long? PendingCredits);
