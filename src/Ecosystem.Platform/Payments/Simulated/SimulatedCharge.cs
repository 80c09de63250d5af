using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Platform.Payments.Simulated;

/// <summary>A charge with the simulated gateway; its id comes from the idempotency key, so a retry finds the first answer.</summary>
internal sealed class SimulatedCharge : INotAudited
{
    public string Id { get; set; } = "";
    public string CustomerRef { get; set; } = "";
    public string PaymentMethodId { get; set; } = "";
    public long Amount { get; set; }
    public string Currency { get; set; } = "";
    public string Outcome { get; set; } = "";
    public string? DeclineCode { get; set; }
    public string? Message { get; set; }
    public long Refunded { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<SimulatedCharge> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "platform", "sim_charges");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.CustomerRef).HasMaxLength(64);
        b.Property(x => x.PaymentMethodId).HasMaxLength(40);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Outcome).HasMaxLength(30);
        b.Property(x => x.DeclineCode).HasMaxLength(60);
        b.Property(x => x.Message).HasMaxLength(300);
        b.Property(x => x.Description).HasMaxLength(300);
    }
}
