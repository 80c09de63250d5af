using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Shop.Payments;

/// <summary>
/// A payment of an order at the provider (seed 002's Payment): the provider's payment id (unique, so the synchronous
/// confirmation and the provider's webhook record it once), amount, status, failure reason, card brand and last four,
/// and how much of it was refunded.
/// </summary>
internal sealed class ShopPayment
{
    public string PaymentId { get; set; } = "";
    public string OrderId { get; set; } = "";
    public string Provider { get; set; } = "";
    public string? ProviderPaymentId { get; set; }
    public long Amount { get; set; }
    public string Currency { get; set; } = "";
    public string Status { get; set; } = "";
    public string? FailureCode { get; set; }
    public string? FailureMessage { get; set; }
    public long Refunded { get; set; }
    public string? CardBrand { get; set; }
    public string? CardLast4 { get; set; }

    /// <summary>The buyer's attempt (from their Idempotency-Key): a retry with the same key answers this payment.</summary>
    public string? AttemptKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    internal static void Configure(EntityTypeBuilder<ShopPayment> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "shop", "payments");
        b.HasKey(x => x.PaymentId);
        b.Property(x => x.PaymentId).HasMaxLength(40);
        b.Property(x => x.OrderId).HasMaxLength(40);
        b.Property(x => x.Provider).HasMaxLength(20);
        b.Property(x => x.ProviderPaymentId).HasMaxLength(100);
        b.HasIndex(x => x.ProviderPaymentId).IsUnique();
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Status).HasMaxLength(20);
        b.Property(x => x.FailureCode).HasMaxLength(50);
        b.Property(x => x.FailureMessage).HasMaxLength(300);
        b.Property(x => x.CardBrand).HasMaxLength(20);
        b.Property(x => x.CardLast4).HasMaxLength(4);
        b.Property(x => x.AttemptKey).HasMaxLength(260);
        b.HasIndex(x => x.OrderId);
        b.ToTable(t => t.HasCheckConstraint("ck_payments_refunded", "refunded >= 0 AND refunded <= amount"));
    }
}
