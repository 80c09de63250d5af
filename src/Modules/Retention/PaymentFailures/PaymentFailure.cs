using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Retention.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Retention.PaymentFailures;

/// <summary>
/// A failed charge on a customer's card, recorded by an admin or from a Stripe webhook (<c>invoice.payment_failed</c>,
/// <c>payment_intent.payment_failed</c>): the history behind the card's failure count and the amount at stake.
/// </summary>
internal sealed class PaymentFailure
{
    public string PaymentFailureId { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string PaymentMethodId { get; set; } = "";

    /// <summary>The charge that failed, in minor units of <see cref="Currency"/>; always positive.</summary>
    public long Amount { get; set; }
    public string Currency { get; set; } = "USD";
    public string Reason { get; set; } = "";

    /// <summary>"admin" or "stripe".</summary>
    public string Source { get; set; } = "";

    /// <summary>The Stripe event id for a webhook, so a failure can be traced to its delivery.</summary>
    public string? ExternalRef { get; set; }
    public DateTimeOffset OccurredAt { get; set; }

    public Money Value => new(Amount, Currency);

    internal static void Configure(EntityTypeBuilder<PaymentFailure> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "retention", "payment_failures");
        b.HasKey(x => x.PaymentFailureId);
        b.Property(x => x.PaymentFailureId).HasMaxLength(40);
        b.Property(x => x.CustomerId).HasMaxLength(40);
        b.Property(x => x.PaymentMethodId).HasMaxLength(40);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Reason).HasMaxLength(200);
        b.Property(x => x.Source).HasMaxLength(20);
        b.Property(x => x.ExternalRef).HasMaxLength(100);
        b.Ignore(x => x.Value);
        b.HasIndex(x => new { x.CustomerId, x.PaymentFailureId });
        b.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).HasConstraintName("fk_payment_failures_customers");
        b.HasOne<PaymentMethod>().WithMany().HasForeignKey(x => x.PaymentMethodId).HasConstraintName("fk_payment_failures_payment_methods");
        b.ToTable(t => t.HasCheckConstraint("ck_payment_failures_amount_positive", "amount > 0"));
    }
}
