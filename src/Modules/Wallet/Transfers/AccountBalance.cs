namespace Ecosystem.Wallet.Transfers;

/// <summary>An account's balances right after a transfer.</summary>
public sealed record AccountBalance(string AccountId, long Balance, long PendingDebits, long PendingCredits, long Available);
