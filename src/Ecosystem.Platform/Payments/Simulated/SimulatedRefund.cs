using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Platform.Payments.Simulated;

/// <summary>A refund of a simulated charge; its id comes from the idempotency key.</summary>
internal sealed class SimulatedRefund : INotAudited
{
    public string Id { get; set; } = "";
    public string ChargeId { get; set; } = "";
    public long Amount { get; set; }
    public string Currency { get; set; } = "";
    public long RefundedSoFar { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<SimulatedRefund> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "platform", "sim_refunds");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.ChargeId).HasMaxLength(40);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Reason).HasMaxLength(300);
        b.HasIndex(x => x.ChargeId);
    }
}
