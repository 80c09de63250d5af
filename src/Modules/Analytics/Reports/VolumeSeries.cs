using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Analytics.Reports;

internal sealed record VolumeSeries(ReportRange Range, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<VolumeBucket> Buckets)
{
    public long Total => Buckets.Sum(b => b.Count);
}
