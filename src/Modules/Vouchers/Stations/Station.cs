using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Vouchers.Stations;

/// <summary>A fuel station where vouchers are redeemed: a unique engencode, the owner's E.164 number, where it is, active or not.</summary>
internal sealed class Station
{
    public const string Active = "active";
    public const string Inactive = "inactive";

    public string StationId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Engencode { get; set; } = "";
    public string? OwnerContact { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string Status { get; set; } = Active;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<Station> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "vouchers", "stations");
        b.HasKey(x => x.StationId);
        b.Property(x => x.StationId).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(120);
        b.Property(x => x.Engencode).HasMaxLength(40);
        b.Property(x => x.OwnerContact).HasMaxLength(20);
        b.Property(x => x.Status).HasMaxLength(10);
        b.HasIndex(x => x.Engencode).IsUnique();
    }
}
