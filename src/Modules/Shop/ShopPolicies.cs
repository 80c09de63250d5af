namespace Ecosystem.Shop;

/// <summary>The shop's capabilities; their roles are declared in <see cref="ShopModule"/>.</summary>
public static class ShopPolicies
{
    /// <summary>Edit the catalog: products, options, variants, media and plans.</summary>
    public const string Catalog = "shop:catalog";

    /// <summary>See every client's orders and subscriptions, move orders through their statuses, create manual orders.</summary>
    public const string Orders = "shop:orders";

    /// <summary>Money operations: refunds.</summary>
    public const string Refunds = "shop:refunds";
}
