namespace Ecosystem.Wallet.Accounts;

public sealed record AccountResponse(
    string AccountId, string TenantId, string OwnerType, string OwnerId, string Currency, string Status, bool NoOverdraft,
    long Balance, long PendingDebits, long PendingCredits, long Available, DateTimeOffset CreatedAt);
