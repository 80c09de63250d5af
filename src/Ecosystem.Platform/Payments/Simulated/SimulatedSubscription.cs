using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Platform.Payments.Simulated;

/// <summary>A subscription with the simulated gateway, renewed by <see cref="SimulatedBillingWorker"/> when <see cref="NextChargeAt"/> comes.</summary>
internal sealed class SimulatedSubscription : INotAudited
{
    public string Id { get; set; } = "";
    public string CustomerRef { get; set; } = "";
    public string GatewayCustomerId { get; set; } = "";
    public string PaymentMethodId { get; set; } = "";
    public string PriceId { get; set; } = "";
    public long Amount { get; set; }
    public string Currency { get; set; } = "";
    public string Interval { get; set; } = "";
    public string Status { get; set; } = "";
    public DateTimeOffset CurrentPeriodEnd { get; set; }
    public DateTimeOffset? TrialEnd { get; set; }
    public bool CancelAtPeriodEnd { get; set; }
    public DateTimeOffset? NextChargeAt { get; set; }
    public int FailedAttempts { get; set; }
    public string Metadata { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<SimulatedSubscription> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "platform", "sim_subscriptions");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.CustomerRef).HasMaxLength(64);
        b.Property(x => x.GatewayCustomerId).HasMaxLength(40);
        b.Property(x => x.PaymentMethodId).HasMaxLength(40);
        b.Property(x => x.PriceId).HasMaxLength(100);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Interval).HasMaxLength(10);
        b.Property(x => x.Status).HasMaxLength(20);
        b.Property(x => x.Metadata).HasMaxLength(2000);
        b.HasIndex(x => x.NextChargeAt);
    }
}
