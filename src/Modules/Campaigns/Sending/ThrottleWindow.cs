using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Campaigns.Sending;

/// <summary>
/// A throttle bucket's counters (one row per <c>send_throttle</c> bucket): sends in the current second and minute.
/// Claims lock this row first, so several dispatchers share one budget (PostgreSQL: <c>FOR UPDATE</c>; SQLite: the unit
/// holds the write lock).
/// </summary>
internal sealed class ThrottleWindow : INotAudited
{
    public string Bucket { get; set; } = "";
    public DateTimeOffset SecondStart { get; set; }
    public int SecondCount { get; set; }
    public DateTimeOffset MinuteStart { get; set; }
    public int MinuteCount { get; set; }

    internal static void Configure(EntityTypeBuilder<ThrottleWindow> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "campaigns", "throttle_windows");
        b.HasKey(x => x.Bucket);
        b.Property(x => x.Bucket).HasMaxLength(40);
    }
}
