namespace Ecosystem.Analytics.Ingestion;

internal sealed record IdentityLinkRequest(string AnonymousId, string UserEcosystemId, DateTimeOffset At);
