namespace Ecosystem.Analytics.Ingestion;

/// <summary>The event names Segment's call types are stored under (the track call names its own).</summary>
internal static class SegmentEvents
{
    public const string PageViewed = "com.ecosystem.web.page.viewed";
    public const string ScreenViewed = "com.ecosystem.app.screen.viewed";
    public const string Identified = "com.ecosystem.analytics.identity.identified";
    public const string Grouped = "com.ecosystem.analytics.identity.grouped";
    public const string Aliased = "com.ecosystem.analytics.identity.aliased";

    /// <summary>The call types of Segment's spec, all six.</summary>
    public static readonly string[] CallTypes = ["track", "page", "screen", "identify", "group", "alias"];
}
