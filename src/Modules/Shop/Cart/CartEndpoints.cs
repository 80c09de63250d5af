using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Shop.Cart;

/// <summary>
/// The cart, for visitors (kept by the <c>eco_cart</c> cookie) and signed-in people (their own); the first request
/// after sign-in merges the visitor's cart into theirs.
/// </summary>
internal static class CartEndpoints
{
    public static void Map(RouteGroupBuilder open)
    {
        open.MapGet("/cart", GetCart).WithName("GetShopCart");
        open.MapPost("/cart/items", AddCartItem).WithName("AddShopCartItem");
        open.MapPatch("/cart/items/{lineId}", UpdateCartItem).WithName("UpdateShopCartItem");
        open.MapDelete("/cart/items/{lineId}", RemoveCartItem).WithName("RemoveShopCartItem");
    }

    /// <summary>Whose cart the request means; a signed-in person's visitor cart is merged into theirs first.</summary>
    public static async Task<CartOwner> OwnerAsync(HttpContext http, OperationContext op, CartService carts, CancellationToken ct)
    {
        var owner = new CartOwner(op.IsAuthenticated && !op.ActorId.StartsWith("webhook:", StringComparison.Ordinal) ? op.ActorId : null, CartCookie.Read(http));
        if (owner.SignedIn && owner.Token is not null)
        {
            await carts.MergeAsync(owner, ct).ConfigureAwait(false);
            CartCookie.Clear(http);
            owner = owner with { Token = null };
        }

        return owner;
    }

    private static async Task<Ok<CartResponse>> GetCart(HttpContext http, OperationContext op, CartService carts, CancellationToken ct) =>
        TypedResults.Ok(await carts.GetAsync(await OwnerAsync(http, op, carts, ct).ConfigureAwait(false), ct).ConfigureAwait(false));

    private static async Task<Results<Ok<CartResponse>, ProblemHttpResult>> AddCartItem(CartItemRequest request, HttpContext http, OperationContext op, CartService carts, CancellationToken ct)
    {
        var owner = await OwnerAsync(http, op, carts, ct).ConfigureAwait(false);
        var fresh = !owner.SignedIn && await carts.FindAsync(owner, tracked: false, ct).ConfigureAwait(false) is null;
        if (fresh) owner = owner with { Token = CartService.NewToken() };
        var result = await carts.AddAsync(owner, request, ct).ConfigureAwait(false);
        if (result.IsSuccess && fresh) CartCookie.Issue(http, owner.Token!);
        return result.ToOk();
    }

    private static async Task<Results<Ok<CartResponse>, ProblemHttpResult>> UpdateCartItem(string lineId, CartLineUpdateRequest request, HttpContext http, OperationContext op, CartService carts, CancellationToken ct) =>
        (await carts.UpdateAsync(await OwnerAsync(http, op, carts, ct).ConfigureAwait(false), lineId, request, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<CartResponse>, ProblemHttpResult>> RemoveCartItem(string lineId, HttpContext http, OperationContext op, CartService carts, CancellationToken ct) =>
        (await carts.RemoveAsync(await OwnerAsync(http, op, carts, ct).ConfigureAwait(false), lineId, ct).ConfigureAwait(false)).ToOk();
}
