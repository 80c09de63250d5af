namespace Ecosystem.Analytics.Ingestion;

/// <summary>An event ready to store: validated, identified, timestamps corrected.</summary>
internal sealed record IncomingEvent(
    string EventId, string EventName, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, string? UserEcosystemId, string? AnonymousId,
    string? JourneyId, string Channel, string? ActorRole, string Source, string? WriteKeyId, string Metadata, string? Context);
