namespace Ecosystem.Wallet.Tenants;

public sealed record TenantResponse(string TenantId, string Name, IReadOnlyList<string> Countries, DateTimeOffset CreatedAt);
