namespace Ecosystem.Analytics;

/// <summary>The analytics module's capabilities; their roles are declared in <see cref="AnalyticsModule"/>.</summary>
public static class AnalyticsPolicies
{
    public const string Read = "analytics:read";
    public const string Manage = "analytics:manage";
}
