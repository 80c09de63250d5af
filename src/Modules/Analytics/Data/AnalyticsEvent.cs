using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Analytics.Data;

/// <summary>One stored analytics event (the seed's AnalyticsEvent), from the outbox (server), a signed-in client, or a write-key source.</summary>
internal class AnalyticsEvent : INotAudited
{
    public string EventId { get; set; } = "";
    public string EventName { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public string? UserEcosystemId { get; set; }
    public string? AnonymousId { get; set; }
    public string? JourneyId { get; set; }
    public string Channel { get; set; } = "web";
    public string? ActorRole { get; set; }
    public string Source { get; set; } = "server";
    public string? WriteKeyId { get; set; }
    public string Metadata { get; set; } = "{}";
    public string? Context { get; set; }

    internal static void Configure(EntityTypeBuilder<AnalyticsEvent> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "analytics", "events");
        b.HasKey(x => x.EventId);
        b.Property(x => x.EventId).HasMaxLength(64);
        b.Property(x => x.EventName).HasMaxLength(200);
        b.Property(x => x.UserEcosystemId).HasMaxLength(64);
        b.Property(x => x.AnonymousId).HasMaxLength(100);
        b.Property(x => x.JourneyId).HasMaxLength(64);
        b.Property(x => x.Channel).HasMaxLength(32);
        b.Property(x => x.ActorRole).HasMaxLength(32);
        b.Property(x => x.Source).HasMaxLength(16);
        b.Property(x => x.WriteKeyId).HasMaxLength(40);
        b.HasIndex(x => new { x.UserEcosystemId, x.OccurredAt });
        b.HasIndex(x => new { x.JourneyId, x.OccurredAt }).HasFilter("journey_id IS NOT NULL");
        b.HasIndex(x => new { x.EventName, x.OccurredAt });
        b.HasIndex(x => x.AnonymousId).HasFilter("anonymous_id IS NOT NULL");
        b.HasIndex(x => new { x.OccurredAt, x.EventId });
    }
}
