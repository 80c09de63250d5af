using Ecosystem.Platform;
using Ecosystem.Shop.Cart;
using Ecosystem.Shop.Catalog;

namespace Ecosystem.Shop.Pages.Shop;

internal sealed class IndexModel(CatalogService catalog, CartService carts, OperationContext op) : ShopPageBase(carts, op)
{
    public IReadOnlyList<IGrouping<string, ProductResponse>> Categories { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var products = await catalog.ListAsync(false, null, ct);
        Categories = [.. products.OrderBy(p => p.DisplayOrder).GroupBy(p => p.Category)];
        await CartAsync(ct);
    }

    /// <summary>The lowest price a product starts at: its cheapest package, or its base price, or its cheapest plan.</summary>
    public static (long Amount, bool Plan, string? Interval) From(ProductResponse p)
    {
        var plan = p.Plans.Where(x => x.Active).OrderBy(x => x.Price).FirstOrDefault();
        if (plan is not null) return (plan.Price, true, plan.Interval);
        var variants = p.Variants.Where(v => v.Active).ToList();
        return (variants.Count > 0 ? variants.Min(v => v.Price) : p.BasePrice, false, null);
    }
}
