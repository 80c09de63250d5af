using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Shop.Catalog;

namespace Ecosystem.Shop.Pricing;

/// <summary>Prices lines against the catalog as it is now, through <see cref="PriceCalculator"/> (the one pricing rule).</summary>
internal sealed class PricingService(CatalogService catalog, ShopOptions options)
{
    public const int MaxItems = 50;

    public async Task<Result<PriceQuote>> QuoteAsync(PriceRequest request, CancellationToken ct)
    {
        var items = request.Items ?? [];
        var v = new Validator().Require(items.Count is >= 1 and <= MaxItems, "items", $"Add 1 to {MaxItems} items to price.");
        ValidateItems(v, items);
        if (!v.IsValid) return v.ToError();
        var products = await catalog.LoadAsync(items.Select(i => i.ProductSlug!.Trim()), ct).ConfigureAwait(false);
        var lines = new List<PricedLine>();
        foreach (var item in items)
        {
            var priced = Price(products, item.ProductSlug!.Trim(), item.VariantId, item.OptionIds ?? [], item.Quantity ?? 1);
            if (!priced.IsSuccess) return priced.Error!;
            lines.Add(priced.Value!);
        }

        return PriceQuote.Of(lines, options.Currency);
    }

    public static Result<PricedLine> Price(Dictionary<string, Product> products, string slugOrId, string? variantId, IReadOnlyCollection<string> optionIds, int quantity) =>
        products.TryGetValue(slugOrId, out var product) && product.Active
            ? product.Plans.Any(p => p.Active)
                ? Error.Unprocessable("SUBSCRIPTION_PRODUCT", $"“{product.Title}” is a subscription: subscribe to one of its plans instead of adding it to the cart.")
                : PriceCalculator.Price(product, string.IsNullOrWhiteSpace(variantId) ? null : variantId.Trim(), optionIds, quantity)
            : Error.Unprocessable("PRODUCT_NOT_FOUND", $"There is no product “{(slugOrId.Length > 60 ? slugOrId[..60] + "…" : slugOrId)}” on sale.");

    /// <summary>Each item of a list (a missing one is named too).</summary>
    public static void ValidateItems(Validator v, IReadOnlyList<PriceItemRequest?> items)
    {
        for (var i = 0; i < items.Count && i < MaxItems; i++)
        {
            if (items[i] is { } item) ValidateItem(v, item, $"items[{i}]");
            else v.Add($"items[{i}]", "Each item names a product; this one is empty.");
        }
    }

    public static void ValidateItem(Validator v, PriceItemRequest item, string field)
    {
        v.Require(Data.PlainIds.IsPlain(item.ProductSlug?.Trim()), field + ".productSlug", "Name the product by its web address, like “instagram-followers”.")
            .Require(item.VariantId is null || Data.PlainIds.IsPlain(item.VariantId.Trim()), field + ".variantId", "That is not a package of this product.")
            .Require((item.OptionIds?.Count ?? 0) <= 50 && (item.OptionIds ?? []).All(Data.PlainIds.IsPlain), field + ".optionIds", "Choose at most 50 options, by their ids.")
            .Require(item.Quantity is null or >= 1 and <= PriceCalculator.MaxQuantity, field + ".quantity", $"Choose a quantity from 1 to {PriceCalculator.MaxQuantity}.");
    }
}
