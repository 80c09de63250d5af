using System.Data.Common;
using Ecosystem.Analytics.Data;
using Ecosystem.Analytics.Ingestion;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Analytics.Reports;

/// <summary>One funnel step: how many distinct people reached it (in order) within the window.</summary>
internal sealed record FunnelStepCount(string EventName, long People);
