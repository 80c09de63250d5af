using System.Text.Json;

namespace Ecosystem.Wallet.Transfers;

public sealed record TransferResponse(
    string TransferId, string Reference, string Type, string Status, string DebitAccountId, string CreditAccountId, long Amount, string Currency,
    bool Pending, int? TimeoutSeconds, DateTimeOffset? ExpiresAt, JsonElement? Metadata, DateTimeOffset CreatedAt, DateTimeOffset? PostedAt, DateTimeOffset? VoidedAt,
    IReadOnlyList<AccountBalance> Balances);
