namespace Ecosystem.Analytics.Reports;

internal sealed record OverviewStats(long EventsLast24Hours, long People, double? AverageEngagement);
