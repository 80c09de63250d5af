namespace Ecosystem.Wallet.Accounts;

/// <summary>One entry of an account's statement, oldest first, with the balance after it.</summary>
public sealed record StatementLine(string EntryId, string TransferId, string Reference, string Type, string Direction, long Amount, long BalanceAfter, DateTimeOffset PostedAt);
