using Ecosystem.Platform;
using Ecosystem.Retention.Data;
using Ecosystem.Retention.Sessions;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Retention.Metrics;

/// <summary>The churn-prevention metrics of a period.</summary>
internal sealed class RetentionMetricsService(RetentionDbContext db, TimeProvider time)
{
    /// <summary>
    /// The seed's ChurnPreventionMetrics for sessions started in [from, to): totalInterventions (sessions started),
    /// successfulResolutions (outcome payment-updated), averageResolutionTime (mean seconds start→end of those
    /// successes; null when none), customerRetentionRate (successes / interventions × 100, one decimal) and
    /// revenueRetained (sum of the monthly account value of the successes, per currency).
    /// </summary>
    public async Task<Result<MetricsResponse>> MetricsAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var end = to ?? time.UtcNowStored();
        var start = from ?? end.AddDays(-30);
        if (end <= start) return Error.Unprocessable("PERIOD_INVALID", "The end of the period must be after its start.");
        if (end - start > TimeSpan.FromDays(366)) return Error.Unprocessable("PERIOD_TOO_LONG", "The period can be at most 366 days.");
        var sessions = await db.Sessions.AsNoTracking().Where(x => x.StartTime >= start && x.StartTime < end)
            .Select(x => new { x.StartTime, x.Outcome, x.ResolutionTime, x.AccountValue, x.Currency }).ToListAsync(ct).ConfigureAwait(false);
        var total = sessions.Count;
        var successes = sessions.Where(x => x.Outcome == SessionOutcome.PaymentUpdated).ToList();
        double? average = successes.Count == 0 ? null : Math.Round(successes.Average(x => (double)(x.ResolutionTime ?? 0)), 1);
        var rate = total == 0 ? 0 : Math.Round(successes.Count * 100.0 / total, 1);
        var revenue = successes.GroupBy(x => x.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new MoneyAmount(g.Sum(x => x.AccountValue), g.Key)).ToList();
        var outcomes = sessions.GroupBy(x => x.Outcome is { } o ? Kebab.Of(o) : "running").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var days = new List<MetricsDay>();
        if (end - start <= TimeSpan.FromDays(92))
        {
            for (var day = DateOnly.FromDateTime(start.UtcDateTime); day <= DateOnly.FromDateTime(end.AddTicks(-1).UtcDateTime); day = day.AddDays(1))
            {
                var d = day;
                days.Add(new MetricsDay(d, sessions.Count(x => DateOnly.FromDateTime(x.StartTime.UtcDateTime) == d), successes.Count(x => DateOnly.FromDateTime(x.StartTime.UtcDateTime) == d)));
            }
        }

        return new MetricsResponse(start, end, total, successes.Count, average, rate, revenue, outcomes, days);
    }
}
