using System.Globalization;
using Ecosystem.Cards.Data;
using Ecosystem.Cards.Accounts;
using Ecosystem.Platform;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Cards.Hosting;

internal sealed class CardsDashboard(CardsDbContext db) : IDashboardContributor
{
    public async Task<IReadOnlyList<DashboardTile>> GetTilesAsync(CancellationToken cancellationToken)
    {
        var onboarded = await db.Accounts.CountAsync(a => a.Status == CardStatus.Onboarded, cancellationToken);
        var preapproved = await db.Accounts.CountAsync(a => a.Status == CardStatus.Preapproved, cancellationToken);
        var approved = await db.Purchases.CountAsync(p => p.Approved, cancellationToken);
        var declined = await db.Purchases.CountAsync(p => !p.Approved, cancellationToken);
        return
        [
            new("cards", "Cards onboarded", onboarded.ToString("N0", CultureInfo.InvariantCulture), preapproved == 1 ? "1 offer not yet signed" : $"{preapproved} offers not yet signed", "/admin/cards", 20),
            new("cards", "Purchases", (approved + declined).ToString("N0", CultureInfo.InvariantCulture), $"{approved} approved · {declined} declined", null, 21),
        ];
    }
}
