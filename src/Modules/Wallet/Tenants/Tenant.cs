using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Wallet.Tenants;

/// <summary>An operator of the marketplace in some countries; accounts and transfers belong to one.</summary>
internal sealed class Tenant
{
    public string TenantId { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>ISO 3166 alpha-2 codes, comma-separated (<c>RW,KE</c>).</summary>
    public string Countries { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<Tenant> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "wallet", "tenants");
        b.HasKey(x => x.TenantId);
        b.Property(x => x.TenantId).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(120);
        b.Property(x => x.Countries).HasMaxLength(200);
    }
}
