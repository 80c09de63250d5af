namespace Ecosystem.Analytics.Reports;

internal sealed record TopEvent(string EventName, long Count, DateTimeOffset LastSeenAt);
