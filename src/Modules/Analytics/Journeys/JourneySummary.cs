namespace Ecosystem.Analytics.Journeys;

public sealed record JourneySummary(string JourneyId, string? UserEcosystemId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, int EventCount, string FirstEventName, string LastEventName);
