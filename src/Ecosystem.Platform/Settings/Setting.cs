using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Platform.Settings;

/// <summary>A setting's stored value (a key without a row has its default). <see cref="Version"/> is its compare-and-set.</summary>
internal sealed class Setting
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
    public int Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";

    internal static void Configure(EntityTypeBuilder<Setting> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "platform", "settings");
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(100);
        b.Property(x => x.Value).HasMaxLength(65_536);
        b.Property(x => x.UpdatedBy).HasMaxLength(64);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}
