using System.Globalization;
using Ecosystem.Platform.Ui;
using Ecosystem.Retention.Metrics;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Retention.Pages.Admin.Retention;

internal sealed class MetricsModel(RetentionMetricsService metrics, TimeProvider time) : PageModel
{
    public MetricsResponse? Metrics { get; private set; }
    public string? Problem { get; private set; }
    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }
    public IReadOnlyList<ChartPoint> Interventions { get; private set; } = [];
    public IReadOnlyList<ChartPoint> Successes { get; private set; } = [];
    public IReadOnlyList<ChartPoint> Outcomes { get; private set; } = [];

    public async Task OnGetAsync(DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        To = to ?? today;
        From = from ?? To.AddDays(-13);
        var start = new DateTimeOffset(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var result = await metrics.MetricsAsync(start, end, ct);
        if (!result.IsSuccess)
        {
            Problem = result.Error!.Message;
            return;
        }

        Metrics = result.Value;
        Interventions = Metrics!.Daily.Select(d => new ChartPoint(d.Day.ToString("MM-dd", CultureInfo.InvariantCulture), d.Interventions, $"{d.Day:yyyy-MM-dd}: {d.Interventions} started")).ToList();
        Successes = Metrics.Daily.Select(d => new ChartPoint(d.Day.ToString("MM-dd", CultureInfo.InvariantCulture), d.Successes, $"{d.Day:yyyy-MM-dd}: {d.Successes} cards updated")).ToList();
        Outcomes = Metrics.Outcomes.OrderByDescending(o => o.Value).Select(o => new ChartPoint(o.Key, o.Value)).ToList();
    }
}
