using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Shop.Orders;

/// <summary>
/// An order (seed 002): a human-readable number unique per year (<c>ORD-2026-000042</c>), the client, its status from
/// <see cref="OrderTransitions"/>, its sums (minor units), what was paid and refunded, its source (checkout or manual)
/// and the client's invoice details as they were at checkout (the invoice reads them). Every change moves
/// <see cref="Version"/>.
/// </summary>
internal sealed class Order
{
    public static readonly Error NotFound = Error.NotFound("ORDER_NOT_FOUND", "There is no such order.");

    public string OrderId { get; set; } = "";
    public string OrderNumber { get; set; } = "";
    public string UserEcosystemId { get; set; } = "";
    public OrderStatus Status { get; set; }
    public OrderStatus? HeldFrom { get; set; }
    public string Source { get; set; } = "checkout";
    public long Subtotal { get; set; }
    public long Tax { get; set; }
    public long Total { get; set; }
    public string Currency { get; set; } = "EUR";
    public long AmountPaid { get; set; }
    public long AmountRefunded { get; set; }
    public string BillingJson { get; set; } = "{}";
    public string? Note { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public int Version { get; set; }
    public List<OrderItem> Items { get; set; } = [];

    public Money TotalMoney => new(Total, Currency);

    /// <summary>Applies <paramref name="action"/> when the table allows it; the previous status, or null when it does not.</summary>
    public OrderStatus? Apply(OrderAction action, DateTimeOffset now)
    {
        if (OrderTransitions.Next(Status, action, HeldFrom) is not { } to) return null;
        var from = Status;
        HeldFrom = to == OrderStatus.OnHold ? from : null;
        Status = to;
        UpdatedAt = now;
        Version++;
        return from;
    }

    public object Snapshot() => new { status = OrderTransitions.Word(Status), total = new Money(Total, Currency).ToString(), paid = new Money(AmountPaid, Currency).ToString(), refunded = new Money(AmountRefunded, Currency).ToString(), Version };

    internal static void Configure(EntityTypeBuilder<Order> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "shop", "orders");
        b.HasKey(x => x.OrderId);
        b.Property(x => x.OrderId).HasMaxLength(40);
        b.Property(x => x.OrderNumber).HasMaxLength(20);
        b.HasIndex(x => x.OrderNumber).IsUnique();
        b.Property(x => x.UserEcosystemId).HasMaxLength(40);
        b.HasIndex(x => new { x.UserEcosystemId, x.OrderId });
        b.HasIndex(x => new { x.Status, x.OrderId });
        b.Property(x => x.Status).HasConversion(s => OrderTransitions.Word(s), s => Parse(s)).HasMaxLength(12);
        b.Property(x => x.HeldFrom).HasConversion(s => s == null ? null : OrderTransitions.Word(s.Value), s => s == null ? null : Parse(s)).HasMaxLength(12);
        b.Property(x => x.Source).HasMaxLength(10);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.BillingJson).HasColumnName("billing").HasMaxLength(4000);
        b.Property(x => x.Note).HasMaxLength(500);
        b.Property(x => x.CreatedBy).HasMaxLength(40);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.TotalMoney);
        b.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.OrderId).HasConstraintName("fk_order_items_orders");
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_orders_paid", "amount_paid >= 0 AND amount_paid <= total");
            t.HasCheckConstraint("ck_orders_refunded", "amount_refunded >= 0 AND amount_refunded <= amount_paid");
        });
    }

    internal static OrderStatus Parse(string s) => s == "on_hold" ? OrderStatus.OnHold : Enum.Parse<OrderStatus>(s, ignoreCase: true);
}
