using Ecosystem.Wallet.Accounts;

namespace Ecosystem.Wallet.Explorer;

/// <summary>A transaction with its metadata, times, chain and entries.</summary>
internal sealed record TransferDetail(
    TransferRow Transfer, string? Metadata, DateTimeOffset? ExpiresAt, DateTimeOffset? PostedAt, DateTimeOffset? VoidedAt, string? ChainId, IReadOnlyList<StatementLine> Entries);
