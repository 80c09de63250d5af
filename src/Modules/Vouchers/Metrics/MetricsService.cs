using System.Globalization;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Vouchers.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Vouchers.Metrics;

/// <summary>Reads the metrics views (<c>view_voucher_metrics</c>, <c>view_active_bars</c>) on either database.</summary>
internal sealed class MetricsService(VouchersDbContext db, TimeProvider time)
{
    public const int MaxDays = 366;

    public async Task<Result<MetricsResponse>> GetAsync(string? from, string? to, CancellationToken ct)
    {
        var v = new Validator();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        DateOnly Parse(string? value, string field, DateOnly fallback)
        {
            if (value is null) return fallback;
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            v.Add(field, $"{Validator.Label(field)} is a date as YYYY-MM-DD.");
            return fallback;
        }

        var end = Parse(to, "to", today);
        var start = Parse(from, "from", end.AddDays(-29));
        if (v.IsValid && start > end) v.Add("from", "From must be on or before to.");
        if (v.IsValid && end.DayNumber - start.DayNumber >= MaxDays) v.Add("to", $"Ask for at most {MaxDays} days.");
        if (!v.IsValid) return v.ToError();
        var a = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var b = end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = await db.Metrics.AsNoTracking().Where(r => string.Compare(r.Day, a) >= 0 && string.Compare(r.Day, b) <= 0).ToListAsync(ct).ConfigureAwait(false);
        var days = rows.OrderBy(r => r.Day, StringComparer.Ordinal).ThenBy(r => r.StationId, StringComparer.Ordinal).ThenBy(r => r.CampaignId, StringComparer.Ordinal)
            .Select(r => new MetricsDay(DateOnly.ParseExact(r.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture), r.StationId, r.CampaignId, r.Issued, r.Sent, r.Redeemed, r.RedeemedAmount)).ToList();
        var stations = (await db.StationActivity.AsNoTracking().ToListAsync(ct).ConfigureAwait(false))
            .OrderByDescending(s => s.Redemptions).ThenByDescending(s => s.RedeemedAmount).ThenBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => new StationActivity(s.StationId, s.Name, s.Status, s.Redemptions, s.RedeemedAmount, s.LastRedeemedAt)).ToList();
        return new MetricsResponse(start, end, days.Sum(d => d.Issued), days.Sum(d => d.Sent), days.Sum(d => d.Redeemed), days, stations);
    }
}
