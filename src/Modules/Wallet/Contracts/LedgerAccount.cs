namespace Ecosystem.Wallet.Contracts;

/// <summary>A ledger account as other modules see it.</summary>
public sealed record LedgerAccount(string AccountId, string TenantId, string OwnerType, string OwnerId, string Currency, bool NoOverdraft);
