namespace Ecosystem.Marketplace;

/// <summary>
/// The marketplace's capabilities; their roles are declared in <see cref="MarketplaceModule"/>. Buying (posting intents,
/// accepting quotes) is for every signed-in person and uses the platform's <c>signed-in</c> policy.
/// </summary>
public static class MarketplacePolicies
{
    /// <summary>The role of people who sell on the marketplace.</summary>
    public const string VendorRole = "vendor";

    /// <summary>Vendors: quote on open intents of their tenant, complete their purchases.</summary>
    public const string Sell = "marketplace:sell";

    /// <summary>Admins: every intent, quote and purchase of the tenant; the commission schedules.</summary>
    public const string Manage = "marketplace:manage";
}
