using System.Globalization;
using Ecosystem.Platform;
using Ecosystem.Shop.Data;
using Ecosystem.Shop.Orders;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Shop.Hosting;

internal sealed class ShopDashboard(ShopDbContext db, ShopOptions options) : IDashboardContributor
{
    public async Task<IReadOnlyList<DashboardTile>> GetTilesAsync(CancellationToken cancellationToken)
    {
        var orders = await db.Orders.CountAsync(cancellationToken);
        var pending = await db.Orders.CountAsync(o => o.Status == OrderStatus.Pending, cancellationToken);
        var paid = await db.Orders.SumAsync(o => o.AmountPaid - o.AmountRefunded, cancellationToken);
        var live = await db.Subscriptions.CountAsync(s => s.Status == "trialing" || s.Status == "active" || s.Status == "past_due", cancellationToken);
        var pastDue = await db.Subscriptions.CountAsync(s => s.Status == "past_due", cancellationToken);
        return
        [
            new("shop", "Shop orders", orders.ToString("N0", CultureInfo.InvariantCulture), pending == 1 ? "1 awaiting payment" : $"{pending} awaiting payment", "/admin/shop/orders", 40),
            new("shop", "Shop revenue", new Money(paid, options.Currency).ToString(), "paid, net of refunds", null, 41),
            new("shop", "Subscriptions", live.ToString("N0", CultureInfo.InvariantCulture), pastDue == 1 ? "1 past due" : $"{pastDue} past due", "/admin/shop/subscriptions", 42),
        ];
    }
}
