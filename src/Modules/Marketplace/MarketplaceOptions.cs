using Microsoft.Extensions.Configuration;

namespace Ecosystem.Marketplace;

/// <summary>Settings under <c>Marketplace:</c>: the currency new wallets, quotes and flat fees default to (<c>Marketplace:Currency</c>, RWF).</summary>
internal sealed record MarketplaceOptions(string Currency)
{
    public static MarketplaceOptions From(IConfiguration configuration) =>
        new(configuration["Marketplace:Currency"] is { Length: 3 } c && Ecosystem.Platform.Money.IsKnownCurrency(c) ? c : "RWF");
}
