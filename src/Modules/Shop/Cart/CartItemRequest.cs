namespace Ecosystem.Shop.Cart;

/// <summary>A product to put in the cart, as configured. The price is always worked out by the server.</summary>
public sealed record CartItemRequest(string? ProductSlug, string? VariantId, IReadOnlyList<string>? OptionIds, int? Quantity);

/// <summary>A new quantity for a cart line.</summary>
public sealed record CartLineUpdateRequest(int? Quantity);
