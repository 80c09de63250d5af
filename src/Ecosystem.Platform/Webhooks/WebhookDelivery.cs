using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Platform.Webhooks;

/// <summary>
/// One request received at <c>POST /api/webhooks/{provider}</c>, kept with its raw body. A verified delivery carries the
/// provider's event id (unique per provider: a redelivery is the same row) and moves pending → processed | ignored, or
/// failed (retried with backoff) → dead. A refused one (bad or stale signature) is kept as rejected, without its body.
/// </summary>
internal sealed class WebhookDelivery : INotAudited
{
    public string Id { get; set; } = "";
    public string Provider { get; set; } = "";
    public string? EventId { get; set; }
    public string? EventType { get; set; }
    public string Status { get; set; } = WebhookStatus.Pending;
    public DateTimeOffset ReceivedAt { get; set; }
    public string? ContentType { get; set; }
    public byte[]? Body { get; set; }
    public int BodySize { get; set; }
    public int Attempts { get; set; }
    public int Redeliveries { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public string? Outcome { get; set; }
    public string? LastError { get; set; }
    public string? LockedBy { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }

    internal static void Configure(EntityTypeBuilder<WebhookDelivery> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "platform", "webhook_deliveries");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.Provider).HasMaxLength(40);
        b.Property(x => x.EventId).HasMaxLength(200);
        b.Property(x => x.EventType).HasMaxLength(200);
        b.Property(x => x.Status).HasMaxLength(20);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.Outcome).HasMaxLength(1000);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.Property(x => x.LockedBy).HasMaxLength(40);
        b.HasIndex(x => new { x.Provider, x.EventId }).IsUnique();
        b.HasIndex(x => new { x.Status, x.NextAttemptAt });
    }
}
