using System.Text.Json;

namespace Ecosystem.Wallet.Transfers;

/// <summary>
/// A transfer: <paramref name="Amount"/> minor units of <paramref name="Currency"/> from the debit account to the credit
/// account. <paramref name="Pending"/> holds the amount until it is posted or voided (or <paramref name="TimeoutSeconds"/> pass).
/// </summary>
public sealed record TransferRequest(
    string? Reference, string? DebitAccountId, string? CreditAccountId, long? Amount, string? Currency, string? Type,
    bool? Pending, int? TimeoutSeconds, JsonElement? Metadata);
