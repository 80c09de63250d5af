namespace Ecosystem.Wallet.Transfers;

/// <summary>A transfer as answered, and whether its reference already existed (then the answer is the original, 200).</summary>
internal sealed record TransferOutcome(TransferResponse Transfer, bool Existed);
