namespace Ecosystem.Wallet.Explorer;

/// <summary>A transaction as the ledger pages list it, with its accounts' owners.</summary>
internal sealed record TransferRow(
    string TransferId, string Reference, string Type, string Status, string DebitAccountId, string DebitOwner, string CreditAccountId, string CreditOwner,
    long Amount, string Currency, DateTimeOffset CreatedAt);
