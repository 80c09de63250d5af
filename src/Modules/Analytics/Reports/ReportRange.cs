namespace Ecosystem.Analytics.Reports;

/// <summary>A reporting window: <see cref="Buckets"/> buckets of <see cref="BucketSize"/>, the last one holding now.</summary>
internal sealed record ReportRange(string Key, string Label, TimeSpan BucketSize, int Buckets)
{
    public static readonly ReportRange Hours48 = new("48h", "Last 48 hours", TimeSpan.FromHours(1), 48);
    public static readonly ReportRange Days30 = new("30d", "Last 30 days", TimeSpan.FromDays(1), 30);
    public static readonly IReadOnlyList<ReportRange> All = [Hours48, Days30];

    public static ReportRange Parse(string? key) => All.FirstOrDefault(r => r.Key == key) ?? Hours48;

    /// <summary>[From, To): UTC-aligned buckets, the last one the bucket that contains <paramref name="now"/>.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset now)
    {
        var size = BucketSize.Ticks;
        var to = new DateTimeOffset(((now.UtcTicks / size) + 1) * size, TimeSpan.Zero);
        return (to - (BucketSize * Buckets), to);
    }
}
