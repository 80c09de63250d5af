using System.Data.Common;
using Ecosystem.Analytics.Data;
using Ecosystem.Analytics.Ingestion;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Analytics.Reports;

internal sealed record VolumeBucket(DateTimeOffset Start, long Count);
