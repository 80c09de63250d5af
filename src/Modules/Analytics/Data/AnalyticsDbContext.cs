using Ecosystem.Analytics.Customers;
using Ecosystem.Analytics.WriteKeys;
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

/// <summary>An event a write key sent that the catalog did not accept, kept for inspection instead of dropped.</summary>
internal sealed class QuarantinedEvent : INotAudited
{
    public string Id { get; set; } = "";
    public string? WriteKeyId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public string EventName { get; set; } = "";
    public string Reason { get; set; } = "";
    public string Payload { get; set; } = "{}";

    internal static void Configure(EntityTypeBuilder<QuarantinedEvent> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "analytics", "quarantine");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.WriteKeyId).HasMaxLength(40);
        b.Property(x => x.EventName).HasMaxLength(200);
        b.Property(x => x.Reason).HasMaxLength(300);
        b.HasIndex(x => x.ReceivedAt);
    }
}

/// <summary>An anonymous id linked to a person at login or identify; the first link wins.</summary>
internal sealed class IdentityLink : INotAudited
{
    public string AnonymousId { get; set; } = "";
    public string UserEcosystemId { get; set; } = "";
    public DateTimeOffset LinkedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<IdentityLink> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "analytics", "identities");
        b.HasKey(x => x.AnonymousId);
        b.Property(x => x.AnonymousId).HasMaxLength(100);
        b.Property(x => x.UserEcosystemId).HasMaxLength(64);
        b.HasIndex(x => x.UserEcosystemId);
    }
}

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

internal sealed class AnalyticsDbContext(DbContextOptions<AnalyticsDbContext> options) : ModuleDbContext(options)
{
    public override string Module => "analytics";

    public DbSet<AnalyticsEvent> Events => Set<AnalyticsEvent>();
    public DbSet<QuarantinedEvent> Quarantine => Set<QuarantinedEvent>();
    public DbSet<IdentityLink> Identities => Set<IdentityLink>();
    public DbSet<EventStats> Stats => Set<EventStats>();
    public DbSet<WriteKey> WriteKeys => Set<WriteKey>();
    public DbSet<Customer360Row> Customers => Set<Customer360Row>();
    public DbSet<Customer360Fingerprint> Customer360Fingerprints => Set<Customer360Fingerprint>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        AnalyticsEvent.Configure(modelBuilder.Entity<AnalyticsEvent>(), Provider);
        InboxedEvent.Configure(modelBuilder.Entity<InboxedEvent>(), Provider);
        QuarantinedEvent.Configure(modelBuilder.Entity<QuarantinedEvent>(), Provider);
        IdentityLink.Configure(modelBuilder.Entity<IdentityLink>(), Provider);
        EventStats.Configure(modelBuilder.Entity<EventStats>(), Provider);
        WriteKey.Configure(modelBuilder.Entity<WriteKey>(), Provider);
        Customer360Row.Configure(modelBuilder.Entity<Customer360Row>(), Provider);
        Customer360Fingerprint.Configure(modelBuilder.Entity<Customer360Fingerprint>(), Provider);
    }
}
