using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Marketplace.Intents;

/// <summary>A vendor's offer for an intent: a price in minor units, a currency and an ETA. One per vendor and intent.</summary>
internal sealed class Quote
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Expired = "expired";

    public string QuoteId { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string IntentId { get; set; } = "";
    public string VendorUserId { get; set; } = "";
    public long Price { get; set; }
    public string Currency { get; set; } = "";
    public int EtaMinutes { get; set; }
    public string? Note { get; set; }
    public string Status { get; set; } = Pending;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<Quote> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "marketplace", "quotes");
        b.HasKey(x => x.QuoteId);
        b.Property(x => x.QuoteId).HasMaxLength(40);
        b.Property(x => x.TenantId).HasMaxLength(40);
        b.Property(x => x.IntentId).HasMaxLength(40);
        b.Property(x => x.VendorUserId).HasMaxLength(64);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Note).HasMaxLength(500);
        b.Property(x => x.Status).HasMaxLength(12);
        b.HasIndex(x => new { x.IntentId, x.VendorUserId }).IsUnique();
        b.HasIndex(x => new { x.TenantId, x.VendorUserId, x.CreatedAt });
    }
}
