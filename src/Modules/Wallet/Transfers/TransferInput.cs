namespace Ecosystem.Wallet.Transfers;

/// <summary>A transfer as the ledger applies it, after validation; <see cref="Metadata"/> is compact JSON.</summary>
internal sealed record TransferInput(string Reference, string DebitAccountId, string CreditAccountId, long Amount, string Currency, string Type, bool Pending, int? TimeoutSeconds, string? Metadata);
