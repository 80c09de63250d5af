using System.Globalization;
using Ecosystem.Analytics.Catalog;
using Ecosystem.Analytics.Reports;
using Ecosystem.Platform;
using Ecosystem.Platform.Ui;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Analytics.Pages.Admin.Analytics;

internal sealed class IndexModel(AnalyticsReports reports, EventCatalog catalog, TimeProvider time, IEnumerable<FunnelDefinition> funnels) : PageModel
{
    /// <summary>The funnel a module declared (the first by order); null when none did.</summary>
    public FunnelDefinition? FunnelDefinition { get; } = funnels.OrderBy(f => f.Order).FirstOrDefault();

    public ReportRange Range { get; private set; } = ReportRange.Hours48;
    public VolumeSeries Volume { get; private set; } = null!;
    public IReadOnlyList<FunnelStepCount> Funnel { get; private set; } = [];
    public IReadOnlyList<TopEvent> TopEvents { get; private set; } = [];
    public OverviewStats Stats { get; private set; } = null!;
    public DateTimeOffset Now { get; private set; }

    public double? Conversion => Funnel.Count > 0 && Funnel[0].People > 0 ? (double)Funnel[^1].People / Funnel[0].People : null;

    public async Task OnGetAsync(string? range, CancellationToken ct)
    {
        Now = time.GetUtcNow();
        Range = ReportRange.Parse(range);
        Volume = await reports.VolumeAsync(Range, ct);
        if (FunnelDefinition is { } funnel) Funnel = await reports.FunnelAsync([.. funnel.Steps.Select(s => s.EventName)], Volume.From, Volume.To, ct);
        TopEvents = await reports.TopEventsAsync(10, ct);
        Stats = await reports.StatsAsync(ct);
    }

    public IReadOnlyList<ChartPoint> VolumePoints()
    {
        var hourly = Range.BucketSize < TimeSpan.FromDays(1);
        return Volume.Buckets.Select(b =>
        {
            var label = hourly ? b.Start.ToString("HH:mm", CultureInfo.InvariantCulture) : b.Start.ToString("MMM d", CultureInfo.InvariantCulture);
            var when = hourly
                ? $"{b.Start:yyyy-MM-dd HH:mm}–{b.Start + Range.BucketSize:HH:mm} UTC"
                : $"{b.Start:ddd yyyy-MM-dd} UTC";
            return new ChartPoint(label, b.Count, $"{when}: {b.Count:N0} event{(b.Count == 1 ? "" : "s")}");
        }).ToList();
    }

    public IReadOnlyList<FunnelStep> FunnelSteps() =>
        Funnel.Select(s => new FunnelStep(FunnelDefinition?.Steps.FirstOrDefault(d => d.EventName == s.EventName)?.Label ?? AnalyticsFormat.ShortName(s.EventName), AnalyticsFormat.ShortName(s.EventName), s.People)).ToList();

    public string? Describe(string eventName) => catalog.Find(eventName)?.Description;
}
