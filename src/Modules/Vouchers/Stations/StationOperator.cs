using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Vouchers.Stations;

/// <summary>A person who operates a station's app: a user bound to one station (a person may be bound to several).</summary>
internal sealed class StationOperator
{
    public string StationId { get; set; } = "";
    public string UserEcosystemId { get; set; } = "";
    public string BoundBy { get; set; } = "";
    public DateTimeOffset BoundAt { get; set; }

    internal static void Configure(EntityTypeBuilder<StationOperator> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "vouchers", "station_operators");
        b.HasKey(x => new { x.StationId, x.UserEcosystemId });
        b.Property(x => x.StationId).HasMaxLength(40);
        b.Property(x => x.UserEcosystemId).HasMaxLength(40);
        b.Property(x => x.BoundBy).HasMaxLength(40);
        b.HasIndex(x => x.UserEcosystemId);
    }
}
