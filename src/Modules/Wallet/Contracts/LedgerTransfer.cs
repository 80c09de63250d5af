namespace Ecosystem.Wallet.Contracts;

/// <summary>A transfer another module asks for: amount in minor units of <paramref name="Currency"/>; <paramref name="Type"/> one of <see cref="TransferTypes"/>.</summary>
public sealed record LedgerTransfer(
    string Reference, string DebitAccountId, string CreditAccountId, long Amount, string Currency, string Type,
    bool Pending = false, int? TimeoutSeconds = null, IReadOnlyDictionary<string, string>? Metadata = null);
