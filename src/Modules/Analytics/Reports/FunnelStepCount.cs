namespace Ecosystem.Analytics.Reports;

/// <summary>One funnel step: how many distinct people reached it (in order) within the window.</summary>
internal sealed record FunnelStepCount(string EventName, long People);
