namespace Ecosystem.Shop.Pricing;

/// <summary>Lines to price without a cart (the product page's live price).</summary>
public sealed record PriceRequest(IReadOnlyList<PriceItemRequest>? Items);

/// <param name="VariantId">The package, when the product has packages.</param>
/// <param name="OptionIds">The chosen options (ids from the product's option groups).</param>
public sealed record PriceItemRequest(string? ProductSlug, string? VariantId, IReadOnlyList<string>? OptionIds, int? Quantity);
