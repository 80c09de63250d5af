using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Ecosystem.Analytics.Customers;
using Ecosystem.Analytics.Data;
using Ecosystem.Analytics.Ingestion;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Analytics.Export;

/// <summary>
/// Exports events or Customer 360 rows to a data-lake folder, one UTC day (one partition) at a time, streaming each
/// day's rows from the database in key order. See <c>docs/lakehouse-export.md</c> for the layout and the guarantees.
/// A day that has not ended yet (by <see cref="TimeProvider"/>) is written without a <c>_SUCCESS</c> marker, so the
/// next run exports it again. Days without rows produce no folder.
/// </summary>
internal sealed class LakeExporter(AnalyticsDbContext db, EventInbox inbox, TimeProvider time, Customer360Layout? customers = null)
{
    public const string LockFile = "_export.lock";
    private const string JsonLines = "jsonl.gz";
    private const string Csv = "csv.gz";

    /// <summary>Rows per data file before the next <c>part-NNNNN</c> starts.</summary>
    public int RowsPerFile { get; init; } = 1_000_000;

    public CompressionLevel Compression { get; init; } = CompressionLevel.Optimal;

    public async Task<ExportSummary> RunAsync(ExportRequest request, IProgress<ExportProgress>? progress, CancellationToken ct)
    {
        await inbox.CatchUpAsync(ct).ConfigureAwait(false);
        var root = Path.Combine(request.OutputDirectory, request.DatasetName);
        Directory.CreateDirectory(root);

        // One export per data set folder at a time: an exclusive lock (flock on Unix) held for the whole run.
        using var exclusive = Lock(root);

        long rows = 0;
        int written = 0, skipped = 0, empty = 0, done = 0;
        var open = new List<DateOnly>();
        var total = request.DayCount;
        foreach (var day in request.Days())
        {
            ct.ThrowIfCancellationRequested();
            var directory = Path.Combine(root, LakePartition.FolderName(day));
            string? notice = null;
            if (Directory.Exists(directory))
            {
                var problem = LakePartition.Verify(directory, request.DatasetName, day, Formats(request.Dataset), out var existing);
                if (problem is null)
                {
                    skipped++;
                    progress?.Report(new ExportProgress(++done, total, day, existing));
                    continue;
                }

                var removed = LakePartition.RemoveLeftovers(directory);
                if (removed > 0) notice = $"{LakePartition.FolderName(day)}: {problem}; removed {removed} leftover file(s) and exporting it again";
            }
            else
            {
                Directory.CreateDirectory(directory);
            }

            if (notice is not null) progress?.Report(new ExportProgress(done, total, day, 0, notice));
            var (count, files) = request.Dataset == ExportDataset.Events
                ? await WriteEventsAsync(directory, day, done, total, progress, ct).ConfigureAwait(false)
                : await WriteCustomersAsync(directory, day, done, total, progress, ct).ConfigureAwait(false);
            done++;
            if (count == 0)
            {
                if (!Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
                empty++;
                progress?.Report(new ExportProgress(done, total, day, 0));
                continue;
            }

            var now = time.GetUtcNow();
            if (Start(day).AddDays(1) <= now) LakePartition.WriteMarker(directory, request.DatasetName, day, count, files, now);
            else open.Add(day);
            written++;
            rows += count;
            progress?.Report(new ExportProgress(done, total, day, count));
        }

        return new ExportSummary(rows, written, skipped, empty, open);
    }

    private async Task<(long Rows, IReadOnlyList<PartFile> Files)> WriteEventsAsync(
        string directory, DateOnly day, int done, int total, IProgress<ExportProgress>? progress, CancellationToken ct)
    {
        var (from, to) = (Start(day), Start(day).AddDays(1));
        var query = db.Events.AsNoTracking().Where(e => e.OccurredAt >= from && e.OccurredAt < to).OrderBy(e => e.OccurredAt);
        var ordered = db.Provider == DatabaseProvider.Postgres
            ? query.ThenBy(e => EF.Functions.Collate(e.EventId, "C"))
            : query.ThenBy(e => e.EventId);

        using var part = new RollingPartWriter(directory, JsonLines, ReadOnlyMemory<byte>.Empty, RowsPerFile, Compression);
        using var json = new Utf8JsonWriter(part.Buffer, RowFormats.JsonOptions);
        await foreach (var e in ordered.AsAsyncEnumerable().WithCancellation(ct).ConfigureAwait(false))
        {
            part.BeginRow();
            RowFormats.WriteEvent(json, part.Buffer, e);
            part.EndRow();
            if (part.Rows % 50_000 == 0) progress?.Report(new ExportProgress(done, total, day, part.Rows));
        }

        part.Complete();
        part.Publish();
        return (part.Rows, part.Files);
    }

    private async Task<(long Rows, IReadOnlyList<PartFile> Files)> WriteCustomersAsync(
        string directory, DateOnly day, int done, int total, IProgress<ExportProgress>? progress, CancellationToken ct)
    {
        var layout = customers ?? throw new InvalidOperationException("Exporting Customer 360 needs its layout.");
        var (from, to) = (Start(day), Start(day).AddDays(1));
        var query = db.Customers.AsNoTracking().Where(c => c.LastSeenAt >= from && c.LastSeenAt < to).OrderBy(c => c.LastSeenAt);
        var ordered = db.Provider == DatabaseProvider.Postgres
            ? query.ThenBy(c => EF.Functions.Collate(c.UserEcosystemId, "C"))
            : query.ThenBy(c => c.UserEcosystemId);

        using var jsonPart = new RollingPartWriter(directory, JsonLines, ReadOnlyMemory<byte>.Empty, RowsPerFile, Compression);
        using var csvPart = new RollingPartWriter(directory, Csv, RowFormats.CustomerCsvHeader(layout.CsvColumns), RowsPerFile, Compression);
        using var json = new Utf8JsonWriter(jsonPart.Buffer, RowFormats.JsonOptions);
        var line = new StringBuilder(512);
        await foreach (var row in ordered.AsAsyncEnumerable().WithCancellation(ct).ConfigureAwait(false))
        {
            var customer = layout.ToDto(row);
            jsonPart.BeginRow();
            RowFormats.WriteCustomerJson(json, jsonPart.Buffer, customer, layout.CsvColumns);
            jsonPart.EndRow();
            csvPart.BeginRow();
            RowFormats.WriteCustomerCsv(line, csvPart.Buffer, customer, layout.CsvColumns);
            csvPart.EndRow();
            if (jsonPart.Rows % 50_000 == 0) progress?.Report(new ExportProgress(done, total, day, jsonPart.Rows));
        }

        jsonPart.Complete();
        csvPart.Complete();
        jsonPart.Publish();
        csvPart.Publish();
        return (jsonPart.Rows, [.. jsonPart.Files, .. csvPart.Files]);
    }

    internal static IReadOnlyCollection<string> Formats(ExportDataset dataset) =>
        dataset == ExportDataset.Events ? [JsonLines] : [JsonLines, Csv];

    private static FileStream Lock(string root)
    {
        try
        {
            return new FileStream(Path.Combine(root, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"another export is writing to {root} ({ex.Message})", ex);
        }
    }

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
}
