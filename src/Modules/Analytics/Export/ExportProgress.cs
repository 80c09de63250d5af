using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Ecosystem.Analytics.Customers;
using Ecosystem.Analytics.Data;
using Ecosystem.Analytics.Ingestion;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Analytics.Export;

/// <summary>Where the export is: partition <see cref="Done"/> of <see cref="Total"/>, and rows written in the current one.</summary>
internal readonly record struct ExportProgress(int Done, int Total, DateOnly Day, long Rows, string? Notice = null);
