using Ecosystem.Cards.Accounts;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Cards.Purchases;

/// <summary>A simulated purchase, approved or declined, with the available limit it left.</summary>
internal sealed class Purchase
{
    public string PurchaseId { get; set; } = "";
    public string UserEcosystemId { get; set; } = "";
    public long Amount { get; set; }
    public string Currency { get; set; } = "";
    public string? Merchant { get; set; }
    public bool Approved { get; set; }
    public string? Reason { get; set; }
    public long AvailableAfter { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<Purchase> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "cards", "purchases");
        b.HasKey(x => x.PurchaseId);
        b.Property(x => x.PurchaseId).HasMaxLength(40);
        b.Property(x => x.UserEcosystemId).HasMaxLength(40);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Merchant).HasMaxLength(100);
        b.Property(x => x.Reason).HasMaxLength(50);
        b.HasIndex(x => new { x.UserEcosystemId, x.PurchaseId });
        b.HasOne<CardAccount>().WithMany().HasForeignKey(x => x.UserEcosystemId).HasConstraintName("fk_purchases_accounts");
    }
}
