using Ecosystem.Platform;
using Microsoft.Extensions.Configuration;

namespace Ecosystem.Shop;

/// <summary>
/// <c>Shop:*</c>. The shop sells in one currency (<c>Shop:Currency</c>, EUR by default): every product and plan is
/// priced in it, so a cart, an order and a client's revenue are always one currency (ADR 0024).
/// </summary>
internal sealed record ShopOptions(string Currency)
{
    public static ShopOptions From(IConfiguration configuration)
    {
        var currency = (configuration["Shop:Currency"] ?? "EUR").Trim().ToUpperInvariant();
        if (!Money.IsKnownCurrency(currency)) throw new InvalidOperationException($"Shop:Currency must be a currency the platform knows (e.g. EUR); '{currency}' is not.");
        return new ShopOptions(currency);
    }
}
