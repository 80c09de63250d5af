using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Marketplace.Profiles;

/// <summary>A person who buys, in one tenant: their segment (for routing), wallet account and totals (Customer 360 reads them from events).</summary>
internal sealed class BuyerProfile
{
    public string TenantId { get; set; } = "";
    public string UserEcosystemId { get; set; } = "";
    public string Segment { get; set; } = "standard";
    public string WalletAccountId { get; set; } = "";
    public string Currency { get; set; } = "";
    public int Intents { get; set; }
    public int PurchasesCompleted { get; set; }
    public long Spent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<BuyerProfile> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "marketplace", "buyers");
        b.HasKey(x => new { x.TenantId, x.UserEcosystemId });
        b.Property(x => x.TenantId).HasMaxLength(40);
        b.Property(x => x.UserEcosystemId).HasMaxLength(64);
        b.Property(x => x.Segment).HasMaxLength(40);
        b.Property(x => x.WalletAccountId).HasMaxLength(40);
        b.Property(x => x.Currency).HasMaxLength(3);
    }
}
