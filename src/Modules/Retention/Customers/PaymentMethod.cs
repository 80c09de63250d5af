using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Retention.Customers;

/// <summary>A saved card: brand, last four and expiry only. A card number never reaches this table.</summary>
internal sealed class PaymentMethod
{
    public string PaymentMethodId { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string CardType { get; set; } = "";
    public string LastFourDigits { get; set; } = "";
    public int ExpiryMonth { get; set; }
    public int ExpiryYear { get; set; }
    public PaymentMethodStatus Status { get; set; }
    public int FailureCount { get; set; }
    public DateTimeOffset? LastFailureDate { get; set; }
    public DateTimeOffset? LastSuccessDate { get; set; }
    public bool IsDefault { get; set; }
    public string Gateway { get; set; } = "";
    public string? GatewayPaymentMethodId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The card is valid through the last day of its expiry month (UTC).</summary>
    public DateTimeOffset ExpiresAt => new DateTimeOffset(ExpiryYear, ExpiryMonth, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);

    internal static void Configure(EntityTypeBuilder<PaymentMethod> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "retention", "payment_methods");
        b.HasKey(x => x.PaymentMethodId);
        b.Property(x => x.PaymentMethodId).HasMaxLength(40);
        b.Property(x => x.CustomerId).HasMaxLength(40);
        b.Property(x => x.CardType).HasMaxLength(20);
        b.Property(x => x.LastFourDigits).HasMaxLength(4);
        b.Property(x => x.Gateway).HasMaxLength(20);
        b.Property(x => x.GatewayPaymentMethodId).HasMaxLength(100);
        b.Ignore(x => x.ExpiresAt);
        b.HasIndex(x => x.CustomerId);
        b.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).HasConstraintName("fk_payment_methods_customers");
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_payment_methods_expiry_month", "expiry_month BETWEEN 1 AND 12");
            t.HasCheckConstraint("ck_payment_methods_failure_count", "failure_count >= 0");
        });
    }
}
