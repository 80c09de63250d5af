using System.Data.Common;
using Ecosystem.Analytics.Data;
using Ecosystem.Analytics.Ingestion;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Analytics.Reports;

internal sealed record VolumeSeries(ReportRange Range, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<VolumeBucket> Buckets)
{
    public long Total => Buckets.Sum(b => b.Count);
}
