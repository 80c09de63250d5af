using Ecosystem.Platform;
using Ecosystem.Wallet.Contracts;

namespace Ecosystem.Marketplace.Data;

/// <summary>
/// The wallet tenant the marketplace acts in, and the tenant's commission account. The wallet answers one tenant for
/// every caller (its current one), so the marketplace reads it from the ledger account it opens for its commissions
/// (get-or-open through <see cref="ILedger.OpenAccountAsync"/>) and remembers it for the life of the process.
/// </summary>
internal sealed class MarketplaceTenant(ILedger ledger, MarketplaceTenant.TenantCache cache, MarketplaceOptions options)
{
    public const string CommissionOwner = "marketplace";

    public string Currency => options.Currency;

    public async Task<string> IdAsync(CancellationToken ct) =>
        cache.TenantId ?? (await CommissionAccountAsync(options.Currency, ct).ConfigureAwait(false)).TenantId;

    /// <summary>The tenant's commission account in <paramref name="currency"/>.</summary>
    public async Task<LedgerAccount> CommissionAccountAsync(string currency, CancellationToken ct)
    {
        var account = await ledger.OpenAccountAsync(OwnerTypes.Commission, CommissionOwner, currency, ct).ConfigureAwait(false);
        if (!account.IsSuccess) throw new InvalidOperationException("Marketplace: the commission account could not be opened: " + account.Error!.Message);
        cache.TenantId = account.Value!.TenantId;
        return account.Value;
    }

    /// <summary>The wallet account of a vendor or buyer in <paramref name="currency"/> (opened on first use).</summary>
    public Task<Result<LedgerAccount>> WalletAsync(string ownerType, string userEcosystemId, string currency, CancellationToken ct) =>
        ledger.OpenAccountAsync(ownerType, userEcosystemId, currency, ct);

    /// <summary>The process-wide memory of the tenant id (the wallet's current tenant does not change while running).</summary>
    internal sealed class TenantCache
    {
        public string? TenantId { get; set; }
    }
}
