using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Marketplace.Purchases;

/// <summary>
/// An accepted quote: the buyer's funds are held on the ledger (a pending transfer buyer → vendor) until the vendor
/// completes it (the hold is posted and the commission moves vendor → commission account) or someone cancels it (the
/// hold is voided). If the hold expired first, completing it fails (status failed). The split is fixed at acceptance
/// from the commission schedule in force then.
/// </summary>
internal sealed class Purchase
{
    public const string Pending = "pending";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";

    public string PurchaseId { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string IntentId { get; set; } = "";
    public string QuoteId { get; set; } = "";
    public string BuyerUserId { get; set; } = "";
    public string VendorUserId { get; set; } = "";
    public string Category { get; set; } = "";
    public long Amount { get; set; }
    public string Currency { get; set; } = "";
    public long Commission { get; set; }
    public long VendorNet { get; set; }
    public string? CommissionScheduleId { get; set; }
    public string HoldTransferId { get; set; } = "";
    public string? CommissionTransferId { get; set; }
    public string Status { get; set; } = Pending;
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FulfilledAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<Purchase> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "marketplace", "purchases");
        b.HasKey(x => x.PurchaseId);
        b.Property(x => x.PurchaseId).HasMaxLength(40);
        b.Property(x => x.TenantId).HasMaxLength(40);
        b.Property(x => x.IntentId).HasMaxLength(40);
        b.Property(x => x.QuoteId).HasMaxLength(40);
        b.Property(x => x.BuyerUserId).HasMaxLength(64);
        b.Property(x => x.VendorUserId).HasMaxLength(64);
        b.Property(x => x.Category).HasMaxLength(40);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.CommissionScheduleId).HasMaxLength(40);
        b.Property(x => x.HoldTransferId).HasMaxLength(40);
        b.Property(x => x.CommissionTransferId).HasMaxLength(40);
        b.Property(x => x.Status).HasMaxLength(12);
        b.Property(x => x.Reason).HasMaxLength(300);
        b.HasIndex(x => x.QuoteId).IsUnique();
        b.HasIndex(x => x.IntentId).IsUnique();
        b.HasIndex(x => new { x.TenantId, x.BuyerUserId, x.CreatedAt });
        b.HasIndex(x => new { x.TenantId, x.VendorUserId, x.CreatedAt });
    }
}
