using System.Text.Json;

namespace Ecosystem.Analytics.Ingestion;

/// <summary>One event as a client or source sends it, read leniently from JSON so one bad event never fails the rest.</summary>
internal sealed record RawEvent(
    string? EventId, string? EventName, string? Timestamp, string? SentAt, string? JourneyId, string? UserEcosystemId, string? AnonymousId,
    JsonElement Metadata, JsonElement Context, string? Channel, int Size);
