namespace Ecosystem.Wallet.Transfers;

/// <summary>One transfer's outcome in a batch: <c>created</c>, <c>exists</c> or <c>failed</c> with the error's code.</summary>
public sealed record BatchResult(int Index, string Status, string? TransferId, string? Code);
