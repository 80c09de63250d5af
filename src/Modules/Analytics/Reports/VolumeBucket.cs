namespace Ecosystem.Analytics.Reports;

internal sealed record VolumeBucket(DateTimeOffset Start, long Count);
