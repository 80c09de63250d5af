using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Shop.Payments;

/// <summary>A refund of (part of) a payment, by finance or an admin, with the provider's refund id and the reason.</summary>
internal sealed class ShopRefund
{
    public string RefundId { get; set; } = "";
    public string PaymentId { get; set; } = "";
    public string OrderId { get; set; } = "";
    public long Amount { get; set; }
    public string Currency { get; set; } = "";
    public string? ProviderRefundId { get; set; }
    public string? Reason { get; set; }
    public string ActorId { get; set; } = "";

    /// <summary><c>pending</c> (reserved, the provider not yet answered), <c>succeeded</c> or <c>failed</c> (the reservation released).</summary>
    public string Status { get; set; } = "pending";
    public DateTimeOffset CreatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<ShopRefund> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "shop", "refunds");
        b.HasKey(x => x.RefundId);
        b.Property(x => x.RefundId).HasMaxLength(40);
        b.Property(x => x.PaymentId).HasMaxLength(40);
        b.Property(x => x.OrderId).HasMaxLength(40);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.ProviderRefundId).HasMaxLength(100);
        b.Property(x => x.Reason).HasMaxLength(300);
        b.Property(x => x.ActorId).HasMaxLength(40);
        b.Property(x => x.Status).HasMaxLength(10);
        b.HasIndex(x => x.OrderId);
    }
}
