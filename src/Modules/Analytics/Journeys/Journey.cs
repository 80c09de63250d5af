namespace Ecosystem.Analytics.Journeys;

public sealed record Journey(string JourneyId, string? UserEcosystemId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, IReadOnlyList<StoredEvent> Events);
