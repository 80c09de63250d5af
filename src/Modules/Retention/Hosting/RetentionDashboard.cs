using System.Globalization;
using Ecosystem.Platform;
using Ecosystem.Retention.AtRisk;
using Ecosystem.Retention.Customers;
using Ecosystem.Retention.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Retention.Hosting;

internal sealed class RetentionDashboard(RetentionDbContext db) : IDashboardContributor
{
    public async Task<IReadOnlyList<DashboardTile>> GetTilesAsync(CancellationToken cancellationToken)
    {
        var atRisk = await db.Customers.CountAsync(c => c.AccountStatus == AccountStatus.AtRisk, cancellationToken).ConfigureAwait(false);
        var high = await db.Customers.CountAsync(c => c.AccountStatus == AccountStatus.AtRisk && c.RiskSeverity == RiskSeverity.High, cancellationToken).ConfigureAwait(false);
        return [new("retention", "Customers at risk", atRisk.ToString("N0", CultureInfo.InvariantCulture), $"{high} high severity", "/admin/retention", 30)];
    }
}
