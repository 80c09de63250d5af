namespace Ecosystem.Wallet.Accounts;

/// <summary>A new account: owner type (vendor, buyer, platform, commission, external), the owner's id, the currency; no overdraft unless external by default.</summary>
public sealed record AccountRequest(string? OwnerType, string? OwnerId, string? Currency, bool? NoOverdraft);
