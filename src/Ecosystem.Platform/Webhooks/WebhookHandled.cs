using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Platform.Webhooks;

/// <summary>
/// A subscriber has had its effect for a delivery. Written in the same transaction as that effect, so a replay, a
/// retry after a crash or a second instance skips it: each subscriber acts on a provider's event once.
/// </summary>
internal sealed class WebhookHandled : INotAudited
{
    public string DeliveryId { get; set; } = "";
    public string Handler { get; set; } = "";
    public DateTimeOffset HandledAt { get; set; }
    public string? Outcome { get; set; }

    internal static void Configure(EntityTypeBuilder<WebhookHandled> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "platform", "webhook_handled");
        b.HasKey(x => new { x.DeliveryId, x.Handler });
        b.Property(x => x.DeliveryId).HasMaxLength(40);
        b.Property(x => x.Handler).HasMaxLength(100);
        b.Property(x => x.Outcome).HasMaxLength(500);
    }
}
