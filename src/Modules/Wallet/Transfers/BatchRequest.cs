namespace Ecosystem.Wallet.Transfers;

/// <summary>Up to 1,000 transfers in one unit; <paramref name="Linked"/> makes them commit all or nothing.</summary>
public sealed record BatchRequest(IReadOnlyList<TransferRequest?>? Transfers, bool? Linked);
