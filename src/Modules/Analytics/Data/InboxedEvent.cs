using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Analytics.Data;

/// <summary>
/// An accepted event not yet in <see cref="AnalyticsEvent"/>'s indexed table (SQLite only; ADR 0010). The ingestion
/// writer appends here, without secondary indexes, and moves the inbox into the events table in large sorted
/// transactions. Readers call <see cref="Ingestion.EventInbox.CatchUpAsync"/> first, so they never miss an event.
/// </summary>
internal sealed class InboxedEvent : AnalyticsEvent
{
    public long Seq { get; set; }

    internal static void Configure(EntityTypeBuilder<InboxedEvent> b, DatabaseProvider provider)
    {
        b.HasBaseType((Type?)null);
        b.ToModuleTable(provider, "analytics", "events_inbox");
        b.HasKey(x => x.Seq);
    }
}
