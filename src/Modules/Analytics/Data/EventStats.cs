using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Analytics.Data;

/// <summary>Per event name: how many were stored and when the latest occurred. Kept by the ingestion writer.</summary>
internal sealed class EventStats : INotAudited
{
    public string EventName { get; set; } = "";
    public long Count { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }

    internal static void Configure(EntityTypeBuilder<EventStats> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "analytics", "event_stats");
        b.HasKey(x => x.EventName);
        b.Property(x => x.EventName).HasMaxLength(200);
    }
}
