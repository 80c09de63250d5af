using Ecosystem.Platform.Data;
using Ecosystem.Platform.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Shop.Catalog;

/// <summary>
/// A plan a client subscribes to: a net price per interval, a trial, and the payment provider's price id (Stripe
/// <c>price_…</c>; the simulated gateway charges <see cref="Price"/> plus tax itself).
/// </summary>
internal sealed class SubscriptionPlan
{
    public string PlanId { get; set; } = "";
    public string ProductId { get; set; } = "";
    public string Name { get; set; } = "";
    public BillingInterval Interval { get; set; }
    public long Price { get; set; }
    public string Currency { get; set; } = "EUR";
    public int TrialDays { get; set; }
    public string ProviderPriceId { get; set; } = "";
    public bool Active { get; set; } = true;

    internal static void Configure(EntityTypeBuilder<SubscriptionPlan> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "shop", "plans");
        b.HasKey(x => x.PlanId);
        b.Property(x => x.PlanId).HasMaxLength(40);
        b.Property(x => x.ProductId).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(80);
        b.Property(x => x.Interval).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.ProviderPriceId).HasMaxLength(100);
        b.HasIndex(x => x.ProductId);
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_plans_price", "price > 0");
            t.HasCheckConstraint("ck_plans_trial_days", "trial_days BETWEEN 0 AND 730");
        });
    }
}
