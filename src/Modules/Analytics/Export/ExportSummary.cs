using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Ecosystem.Analytics.Customers;
using Ecosystem.Analytics.Data;
using Ecosystem.Analytics.Ingestion;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Analytics.Export;

internal sealed record ExportSummary(long Rows, int Partitions, int Skipped, int EmptyDays, IReadOnlyList<DateOnly> OpenDays);
