using System.Globalization;
using Ecosystem.Analytics.Data;
using Ecosystem.Analytics.Ingestion;
using Ecosystem.Platform;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Analytics;

internal sealed class AnalyticsDashboard(AnalyticsDbContext db, EventInbox inbox, TimeProvider time) : IDashboardContributor
{
    public async Task<IReadOnlyList<DashboardTile>> GetTilesAsync(CancellationToken cancellationToken)
    {
        await inbox.CatchUpAsync(cancellationToken).ConfigureAwait(false);
        var since = time.GetUtcNow().AddHours(-24);
        var day = await db.Events.CountAsync(e => e.ReceivedAt >= since, cancellationToken);
        var pending = await db.Outbox.CountAsync(m => m.DeliveredAt == null, cancellationToken);
        var failing = await db.Outbox.CountAsync(m => m.DeliveredAt == null && m.Attempts > 0, cancellationToken);
        return
        [
            new("analytics", "Events, last 24 h", day.ToString("N0", CultureInfo.InvariantCulture), null, "/admin/events", 30),
            new("analytics", "Outbox backlog", pending.ToString("N0", CultureInfo.InvariantCulture), failing == 0 ? "all deliveries healthy" : $"{failing} retrying after a failure", null, 31),
        ];
    }
}
