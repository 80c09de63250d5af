using System.Globalization;
using Ecosystem.Analytics.Data;
using Ecosystem.Platform;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Analytics.Export;

/// <summary>
/// <c>ecosystem export events|customer360 --from YYYY-MM-DD --to YYYY-MM-DD --out DIR</c>: writes the UTC days
/// [from, to) as gzipped JSON Lines (customer360 also CSV) in Hive-style partitions, resumably, with a progress bar.
/// Exit code 0 on success, 1 when the output folder cannot be written (or another export holds it), 2 on bad arguments.
/// </summary>
internal sealed class ExportCommand : ICliCommand
{
    public IReadOnlyList<string> Verb => ["export"];

    public string Usage => "export events|customer360 --from YYYY-MM-DD --to YYYY-MM-DD --out DIR   export UTC days [from, to) to a data lake folder";

    public async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var request = ExportRequest.Parse(args, out var error);
        if (request is null)
        {
            await output.WriteLineAsync("error: " + error).ConfigureAwait(false);
            await output.WriteLineAsync("usage: ecosystem " + Usage).ConfigureAwait(false);
            return 2;
        }

        var time = services.GetRequiredService<TimeProvider>();
        var exporter = new LakeExporter(services.GetRequiredService<AnalyticsDbContext>(), services.GetRequiredService<Ingestion.EventInbox>(), time, services.GetRequiredService<Customers.Customer360Layout>());
        var last = request.To.AddDays(-1);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Exporting {request.DatasetName} for {request.DayCount:N0} day(s), {request.From:yyyy-MM-dd} to {last:yyyy-MM-dd} (--to {request.To:yyyy-MM-dd} is exclusive), into {Path.Combine(request.OutputDirectory, request.DatasetName)}"))
            .ConfigureAwait(false);

        var bar = new ProgressLine(output, time);
        ExportSummary summary;
        try
        {
            summary = await exporter.RunAsync(request, bar, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            bar.Finish();
            await output.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        bar.Finish();
        var noun = request.Dataset == ExportDataset.Events ? "event" : "customer";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Exported {summary.Rows:N0} {Plural(summary.Rows, noun)} in {summary.Partitions:N0} {Plural(summary.Partitions, "partition")} to {request.OutputDirectory} ({summary.Skipped:N0} skipped, already complete)"))
            .ConfigureAwait(false);
        if (summary.EmptyDays > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{summary.EmptyDays:N0} {Plural(summary.EmptyDays, "day")} had no rows and got no partition.")).ConfigureAwait(false);
        }

        if (summary.OpenDays.Count > 0)
        {
            await output.WriteLineAsync(
                $"Not closed yet (the UTC day has not ended): {string.Join(", ", summary.OpenDays.Select(LakePartition.FolderName))}. " +
                "Written without _SUCCESS, so the next run exports them again.").ConfigureAwait(false);
        }

        return 0;
    }

    private static string Plural(long n, string word) => n == 1 ? word : word + "s";

    /// <summary>Redraws one line with <see cref="ProgressBar"/> (at most every 200 ms); notices get lines of their own.</summary>
    private sealed class ProgressLine(TextWriter output, TimeProvider time) : IProgress<ExportProgress>
    {
        private readonly long started = time.GetTimestamp();
        private long lastDrawn;
        private int width;

        public void Report(ExportProgress value)
        {
            if (value.Notice is not null)
            {
                Draw(value.Notice);
                output.Write('\n');
                width = 0;
                return;
            }

            var now = time.GetTimestamp();
            if (value.Done < value.Total && lastDrawn != 0 && time.GetElapsedTime(lastDrawn, now) < TimeSpan.FromMilliseconds(200)) return;
            lastDrawn = now;
            Draw(string.Create(CultureInfo.InvariantCulture,
                $"{ProgressBar.Render(value.Done, value.Total, time.GetElapsedTime(started))}  {LakePartition.FolderName(value.Day)}  {value.Rows:N0} {Plural(value.Rows, "row")}"));
        }

        public void Finish()
        {
            if (width > 0) output.Write('\n');
            width = 0;
        }

        private void Draw(string text)
        {
            output.Write("\r" + text.PadRight(width));
            width = text.Length;
        }
    }
}
