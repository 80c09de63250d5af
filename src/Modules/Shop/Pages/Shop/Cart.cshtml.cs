using Ecosystem.Platform;
using Ecosystem.Shop.Cart;
using Microsoft.AspNetCore.Mvc;

namespace Ecosystem.Shop.Pages.Shop;

internal sealed class CartModel(CartService carts, OperationContext op) : ShopPageBase(carts, op)
{
    public CartResponse Cart { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Cart = await CartAsync(ct);

    public async Task<IActionResult> OnPostUpdateAsync(string lineId, int? quantity, CancellationToken ct)
    {
        var result = await Carts.UpdateAsync(await OwnerAsync(ct), lineId ?? "", new CartLineUpdateRequest(quantity), ct);
        return result.IsSuccess ? Done("/shop/cart", "Quantity updated.") : Done("/shop/cart", Message(result.Error!), ok: false);
    }

    public async Task<IActionResult> OnPostRemoveAsync(string lineId, CancellationToken ct)
    {
        var result = await Carts.RemoveAsync(await OwnerAsync(ct), lineId ?? "", ct);
        return result.IsSuccess ? Done("/shop/cart", "Removed from your cart.") : Done("/shop/cart", Message(result.Error!), ok: false);
    }

    private static string Message(Error e) => e.Fields is { Count: > 0 } f ? string.Join(" ", f.Values.SelectMany(v => v)) : e.Message;
}
