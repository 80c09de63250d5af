using System.Text.Json;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Analytics;

public sealed record ClientEventRequest(string? EventName, DateTimeOffset? OccurredAt, string? JourneyId, JsonElement? Metadata);

public sealed record EventAccepted(string EventId);

public sealed record StoredEvent(string EventId, string EventName, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, string? UserEcosystemId, string? JourneyId, string Channel, string? ActorRole, string Source, JsonElement Metadata);

/// <summary>The event store: server events arrive from the outbox relay, client events through the API. Stored once per event id.</summary>
internal sealed class EventStore(AnalyticsDbContext db, WriteGate gate, OperationContext op, TimeProvider time) : IOutboxConsumer
{
    private const int MaxMetadataBytes = 32 * 1024;

    public async Task ConsumeAsync(IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken)
    {
        var now = time.UtcNowStored();
        await InsertNewAsync(events.Select(e => new AnalyticsEvent
        {
            EventId = e.EventId, EventName = e.EventName, OccurredAt = e.OccurredAt, ReceivedAt = now, UserEcosystemId = e.UserEcosystemId,
            JourneyId = e.JourneyId, Channel = e.Channel, ActorRole = e.ActorRole, Source = "server", Metadata = e.Metadata,
        }).ToList(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<Result<EventAccepted>> AcceptClientEventAsync(ClientEventRequest request, CancellationToken ct)
    {
        var v = new Validator();
        v.Require(!string.IsNullOrEmpty(request.EventName), "eventName", "eventName is required.");
        if (!string.IsNullOrEmpty(request.EventName) && !EventNames.IsValid(request.EventName))
        {
            return Error.Unprocessable("EVENT_NAME_INVALID", "eventName must match com.ecosystem.{domain}.{entity}.{action} in lower-case kebab-case.");
        }

        var now = time.UtcNowStored();
        v.Require(request.OccurredAt is null || request.OccurredAt <= now.AddMinutes(5), "occurredAt", "occurredAt is in the future.");
        v.Require(request.OccurredAt is null || request.OccurredAt >= now.AddDays(-30), "occurredAt", "occurredAt is more than 30 days old.");
        v.Require(request.JourneyId is null || JourneyMiddleware.IsValid(request.JourneyId), "journeyId", "journeyId must be 8-64 letters, digits, '_' or '-'.");
        v.Require(request.Metadata is null || request.Metadata.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null, "metadata", "metadata must be a JSON object.");
        var metadata = request.Metadata is { ValueKind: JsonValueKind.Object } m ? m.GetRawText() : "{}";
        v.Require(metadata.Length <= MaxMetadataBytes, "metadata", "metadata must be at most 32 KB.");
        if (!v.IsValid) return v.ToError();

        var stored = new AnalyticsEvent
        {
            EventId = Ids.New("evt", time),
            EventName = request.EventName!,
            OccurredAt = (request.OccurredAt ?? now).ToUniversalTime(),
            ReceivedAt = now,
            UserEcosystemId = op.ActorId,
            JourneyId = request.JourneyId ?? op.JourneyId,
            Channel = op.Channel,
            ActorRole = op.ActorRole,
            Source = "client",
            Metadata = metadata,
        };
        await InsertNewAsync([stored], ct).ConfigureAwait(false);
        return new EventAccepted(stored.EventId);
    }

    public async Task<IReadOnlyList<StoredEvent>> RecentAsync(string? userEcosystemId, string? eventName, int limit, CancellationToken ct)
    {
        var query = db.Events.AsNoTracking();
        if (!string.IsNullOrEmpty(userEcosystemId)) query = query.Where(e => e.UserEcosystemId == userEcosystemId);
        if (!string.IsNullOrEmpty(eventName)) query = query.Where(e => e.EventName == eventName);
        var rows = await query.OrderByDescending(e => e.EventId).Take(limit).ToListAsync(ct).ConfigureAwait(false);
        return rows.Select(e => new StoredEvent(e.EventId, e.EventName, e.OccurredAt, e.ReceivedAt, e.UserEcosystemId, e.JourneyId, e.Channel, e.ActorRole, e.Source,
            JsonDocument.Parse(e.Metadata).RootElement.Clone())).ToList();
    }

    /// <summary>Idempotent insert: events whose id is already stored are skipped, so a redelivered batch stores nothing twice.</summary>
    private async Task InsertNewAsync(List<AnalyticsEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return;
        using (await gate.EnterAsync(ct).ConfigureAwait(false))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            var ids = events.Select(e => e.EventId).ToList();
            var known = await db.Events.Where(e => ids.Contains(e.EventId)).Select(e => e.EventId).ToListAsync(ct).ConfigureAwait(false);
            var knownSet = known.ToHashSet(StringComparer.Ordinal);
            db.Events.AddRange(events.Where(e => !knownSet.Contains(e.EventId)));
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            db.ChangeTracker.Clear();
        }
    }
}
