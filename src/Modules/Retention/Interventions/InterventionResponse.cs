namespace Ecosystem.Retention.Interventions;

public sealed record InterventionResponse(string SessionId, string ChatUrl, DateTimeOffset Deadline);
