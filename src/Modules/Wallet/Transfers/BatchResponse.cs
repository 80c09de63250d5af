namespace Ecosystem.Wallet.Transfers;

public sealed record BatchResponse(IReadOnlyList<BatchResult> Results);
