using Ecosystem.Platform;
using Ecosystem.Shop.Cart;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Shop.Pages.Shop;

/// <summary>What every storefront page shares: whose cart this is (a visitor's cookie or the person's) and flash messages.</summary>
internal abstract class ShopPageBase(CartService carts, OperationContext op) : PageModel
{
    protected CartService Carts { get; } = carts;
    protected OperationContext Op { get; } = op;
    public int CartCount { get; protected set; }
    public bool SignedIn => Op.IsAuthenticated;

    /// <summary>The cart owner as the API sees it (<see cref="CartEndpoints.OwnerAsync"/>): a signed-in person's visitor cart is merged first.</summary>
    protected Task<CartOwner> OwnerAsync(CancellationToken ct) => CartEndpoints.OwnerAsync(HttpContext, Op, Carts, ct);

    protected async Task<CartResponse> CartAsync(CancellationToken ct)
    {
        var cart = await Carts.GetAsync(await OwnerAsync(ct), ct);
        CartCount = cart.Count;
        return cart;
    }

    protected RedirectResult Done(string url, string message, bool ok = true)
    {
        TempData["Flash"] = message;
        TempData["FlashKind"] = ok ? "ok" : "bad";
        return Redirect(url);
    }
}
