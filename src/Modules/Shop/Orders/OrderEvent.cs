using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Shop.Orders;

/// <summary>One step in an order's timeline: what happened (created, paid, refunded, a transition), who did it, when and why.</summary>
internal sealed class OrderEvent
{
    public string EventId { get; set; } = "";
    public string OrderId { get; set; } = "";
    public string Action { get; set; } = "";
    public string? FromStatus { get; set; }
    public string? ToStatus { get; set; }
    public string ActorId { get; set; } = "";
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<OrderEvent> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "shop", "order_events");
        b.HasKey(x => x.EventId);
        b.Property(x => x.EventId).HasMaxLength(40);
        b.Property(x => x.OrderId).HasMaxLength(40);
        b.Property(x => x.Action).HasMaxLength(20);
        b.Property(x => x.FromStatus).HasMaxLength(12);
        b.Property(x => x.ToStatus).HasMaxLength(12);
        b.Property(x => x.ActorId).HasMaxLength(40);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.HasIndex(x => new { x.OrderId, x.EventId });
    }
}
