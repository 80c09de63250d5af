using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Platform.Payments.Simulated;

/// <summary>A card saved with the simulated gateway: the provider's record, never the number (only how its test card behaves).</summary>
internal sealed class SimulatedCard : INotAudited
{
    public string Id { get; set; } = "";
    public string CustomerRef { get; set; } = "";
    public string GatewayCustomerId { get; set; } = "";
    public string Brand { get; set; } = "";
    public string Last4 { get; set; } = "";
    public int ExpMonth { get; set; }
    public int ExpYear { get; set; }
    /// <summary>What charges of this card do (<see cref="SimulatedCards"/>).</summary>
    public string Behavior { get; set; } = SimulatedCards.Approves;
    public DateTimeOffset CreatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<SimulatedCard> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "platform", "sim_cards");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.CustomerRef).HasMaxLength(64);
        b.Property(x => x.GatewayCustomerId).HasMaxLength(40);
        b.Property(x => x.Brand).HasMaxLength(20);
        b.Property(x => x.Last4).HasMaxLength(4);
        b.Property(x => x.Behavior).HasMaxLength(40);
    }
}
