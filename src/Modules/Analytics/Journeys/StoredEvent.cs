using System.Text.Json;

namespace Ecosystem.Analytics.Journeys;

public sealed record StoredEvent(
    string EventId, string EventName, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, string? UserEcosystemId, string? AnonymousId, string? JourneyId,
    string Channel, string? ActorRole, string Source, JsonElement Metadata, JsonElement? Context);
