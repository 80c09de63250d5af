using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Wallet.Contracts;
using Ecosystem.Wallet.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Wallet.Tenants;

/// <summary>
/// Tenants. For now every caller acts in one tenant: the first one created (demo mode seeds it; otherwise the first
/// use creates a "Default" tenant). Accounts and transfers carry its id, so a per-person tenant later is a change here.
/// </summary>
internal sealed class TenantService(WalletDbContext db, Transactions transactions, WalletJournal journal, TimeProvider time)
{
    public async Task<Tenant?> FindCurrentAsync(CancellationToken ct) =>
        await db.Tenants.AsNoTracking().OrderBy(t => t.TenantId).FirstOrDefaultAsync(ct).ConfigureAwait(false);

    /// <summary>The caller's tenant, created as "Default" on first use when none exists.</summary>
    public async Task<Tenant> CurrentAsync(CancellationToken ct)
    {
        if (await FindCurrentAsync(ct).ConfigureAwait(false) is { } tenant) return tenant;
        var created = await CreateAsync("Default", [], ct).ConfigureAwait(false);
        return created.Value!;
    }

    public async Task<Result<Tenant>> CreateAsync(string name, IReadOnlyList<string> countries, CancellationToken ct) =>
        await transactions.RunAsync<Tenant>(db, async c =>
        {
            var tenant = new Tenant { TenantId = Ids.New("ten", time), Name = name, Countries = string.Join(',', countries), CreatedAt = time.UtcNowStored() };
            db.Tenants.Add(tenant);
            journal.Audit("wallet.tenant.created", "wallet-tenant", tenant.TenantId, null, ToResponse(tenant));
            journal.Event(WalletEvents.TenantCreated, null, new { tenantId = tenant.TenantId, name = tenant.Name });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return tenant;
        }, ct).ConfigureAwait(false);

    public static TenantResponse ToResponse(Tenant t) =>
        new(t.TenantId, t.Name, t.Countries.Length == 0 ? [] : t.Countries.Split(','), t.CreatedAt);
}
