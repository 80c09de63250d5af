namespace Ecosystem.Analytics.Customers;

/// <summary>What the aggregator needs of one event.</summary>
internal readonly record struct EventFacts(string EventId, string EventName, DateTimeOffset OccurredAt, string UserEcosystemId, string Metadata);
