namespace Ecosystem.Wallet.Contracts;

/// <summary>What a transfer did: its id and status, whether the reference already existed, and the accounts' resulting balances.</summary>
public sealed record LedgerTransferResult(string TransferId, string Status, bool Existed, IReadOnlyList<LedgerBalance> Balances);
