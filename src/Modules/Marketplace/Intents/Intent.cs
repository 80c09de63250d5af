using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Marketplace.Intents;

/// <summary>
/// What a buyer wants (from WhatsApp, a call or a lead form): a category, a region, their words and the channel's raw
/// payload. Pending until a quote is accepted (matched), the buyer cancels it, or it passes its expiry. Its status
/// changes only by a conditional update on the status it had, so one quote wins.
/// </summary>
internal sealed class Intent
{
    public const string Pending = "pending";
    public const string Matched = "matched";
    public const string Expired = "expired";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> Channels = ["whatsapp", "voice", "lead-form"];

    public string IntentId { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string BuyerUserId { get; set; } = "";
    public string Channel { get; set; } = "";
    public string Category { get; set; } = "";
    public string Region { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>The channel's payload as JSON (an object), if any.</summary>
    public string? Payload { get; set; }
    public string Status { get; set; } = Pending;
    public string? AcceptedQuoteId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<Intent> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "marketplace", "intents");
        b.HasKey(x => x.IntentId);
        b.Property(x => x.IntentId).HasMaxLength(40);
        b.Property(x => x.TenantId).HasMaxLength(40);
        b.Property(x => x.BuyerUserId).HasMaxLength(64);
        b.Property(x => x.Channel).HasMaxLength(20);
        b.Property(x => x.Category).HasMaxLength(40);
        b.Property(x => x.Region).HasMaxLength(60);
        b.Property(x => x.Description).HasMaxLength(1000);
        b.Property(x => x.Payload).HasMaxLength(4000);
        b.Property(x => x.Status).HasMaxLength(12);
        b.Property(x => x.AcceptedQuoteId).HasMaxLength(40);
        b.HasIndex(x => new { x.TenantId, x.BuyerUserId, x.CreatedAt });
        b.HasIndex(x => new { x.TenantId, x.Status, x.ExpiresAt });
    }
}
