using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Shop.Subscriptions;

/// <summary>
/// A client's subscription to a plan (seed 002): the provider's subscription id, status (<c>trialing</c>,
/// <c>active</c>, <c>past_due</c>, <c>canceled</c>, <c>incomplete</c>), the current period, the trial's end and whether
/// it stops at the period's end. The provider's renewal events move it (compare-and-set on <see cref="Version"/>).
/// </summary>
internal sealed class ShopSubscription
{
    public string SubscriptionId { get; set; } = "";
    public string UserEcosystemId { get; set; } = "";
    public string PlanId { get; set; } = "";
    public string Provider { get; set; } = "";
    public string? ProviderSubscriptionId { get; set; }
    public string Status { get; set; } = "incomplete";
    public long Amount { get; set; }
    public string Currency { get; set; } = "";
    public DateTimeOffset? CurrentPeriodStart { get; set; }
    public DateTimeOffset? CurrentPeriodEnd { get; set; }
    public DateTimeOffset? TrialEnd { get; set; }
    public bool CancelAtPeriodEnd { get; set; }
    public int FailedPayments { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CanceledAt { get; set; }
    public int Version { get; set; }

    public bool IsLive => Status is "trialing" or "active" or "past_due";

    internal static void Configure(EntityTypeBuilder<ShopSubscription> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "shop", "subscriptions");
        b.HasKey(x => x.SubscriptionId);
        b.Property(x => x.SubscriptionId).HasMaxLength(40);
        b.Property(x => x.UserEcosystemId).HasMaxLength(40);
        b.Property(x => x.PlanId).HasMaxLength(40);
        b.Property(x => x.Provider).HasMaxLength(20);
        b.Property(x => x.ProviderSubscriptionId).HasMaxLength(100);
        b.HasIndex(x => x.ProviderSubscriptionId).IsUnique();
        b.Property(x => x.Status).HasMaxLength(20);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsLive);
        b.HasIndex(x => new { x.UserEcosystemId, x.SubscriptionId });
    }
}
