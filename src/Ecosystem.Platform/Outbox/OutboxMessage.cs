using System.Text.Json;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Platform.Outbox;

/// <summary>An event written in the same transaction as the state change that caused it; the relay delivers it later.</summary>
public sealed class OutboxMessage
{
    private OutboxMessage() { }

    public string Id { get; private set; } = "";
    public string EventName { get; private set; } = "";
    public DateTimeOffset OccurredAt { get; private set; }
    public string? UserEcosystemId { get; private set; }
    public string? JourneyId { get; private set; }
    public string Channel { get; private set; } = "web";
    public string? ActorRole { get; private set; }
    public string Metadata { get; private set; } = "{}";
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }
    public string? LastError { get; private set; }
    public string? LockedBy { get; private set; }
    public DateTimeOffset? LockedUntil { get; private set; }

    public static OutboxMessage Create(OperationContext op, TimeProvider time, string eventName, string? userEcosystemId, object? metadata)
    {
        if (!EventNames.IsValid(eventName)) throw new ArgumentException($"'{eventName}' is not a valid event name.", nameof(eventName));
        var now = time.UtcNowStored();
        return new OutboxMessage
        {
            Id = Ids.New("evt", time),
            EventName = eventName,
            OccurredAt = now,
            UserEcosystemId = userEcosystemId,
            JourneyId = op.JourneyId,
            Channel = op.Channel,
            ActorRole = op.ActorRole,
            Metadata = metadata is null ? "{}" : JsonSerializer.Serialize(metadata, Json.Options),
            NextAttemptAt = now,
        };
    }

    internal static void Configure(EntityTypeBuilder<OutboxMessage> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "platform", "outbox");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.EventName).HasMaxLength(200);
        b.Property(x => x.UserEcosystemId).HasMaxLength(64);
        b.Property(x => x.JourneyId).HasMaxLength(64);
        b.Property(x => x.Channel).HasMaxLength(32);
        b.Property(x => x.ActorRole).HasMaxLength(32);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.Property(x => x.LockedBy).HasMaxLength(64);
        b.HasIndex(x => new { x.DeliveredAt, x.NextAttemptAt });
    }
}

/// <summary>An analytics event as every consumer sees it. <see cref="Metadata"/> is a JSON object.</summary>
public sealed record EventEnvelope(
    string EventId,
    string EventName,
    DateTimeOffset OccurredAt,
    string? UserEcosystemId,
    string? JourneyId,
    string Channel,
    string? ActorRole,
    string Metadata);

/// <summary>Receives delivered outbox events. Must be idempotent by <see cref="EventEnvelope.EventId"/>: a batch may be redelivered.</summary>
public interface IOutboxConsumer
{
    Task ConsumeAsync(IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken);
}
