using Ecosystem.Shop.Pricing;

namespace Ecosystem.Shop.Cart;

/// <summary>The cart, priced as the catalog is now. <see cref="Problems"/> names lines that cannot be bought as they are.</summary>
public sealed record CartResponse(string? CartId, IReadOnlyList<CartLineResponse> Lines, long Subtotal, long Tax, long Total, string Currency, int Count, IReadOnlyList<string> Problems);

/// <param name="Price">The line priced now (null when it can no longer be bought).</param>
/// <param name="PriceChanged">True when the price now differs from when it was added.</param>
/// <param name="Problem">Why the line cannot be bought now, in words.</param>
public sealed record CartLineResponse(string Id, string ProductSlug, string Title, string? VariantId, IReadOnlyList<string> OptionIds, int Quantity, PricedLine Price, bool PriceChanged, string? Problem);
