using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Retention.Webhooks;

/// <summary>A Stripe webhook event already received: the endpoint is idempotent by Stripe's event id.</summary>
internal sealed class WebhookEvent : INotAudited
{
    public string EventId { get; set; } = "";
    public string Type { get; set; } = "";
    public string? ObjectId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<WebhookEvent> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "retention", "webhook_events");
        b.HasKey(x => x.EventId);
        b.Property(x => x.EventId).HasMaxLength(100);
        b.Property(x => x.Type).HasMaxLength(100);
        b.Property(x => x.ObjectId).HasMaxLength(100);
    }
}
