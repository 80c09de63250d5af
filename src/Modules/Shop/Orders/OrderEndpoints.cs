using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Ecosystem.Shop.Cart;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Shop.Orders;

/// <summary>Checkout and the client's own orders (another client's order is 404); every order for admins, with transitions and manual orders.</summary>
internal static class OrderEndpoints
{
    public static void Map(RouteGroupBuilder me, RouteGroupBuilder admin)
    {
        me.MapPost("/checkout", Checkout).WithIdempotency().WithName("CheckoutShopCart");
        me.MapGet("/orders", ListMyOrders).WithName("ListMyShopOrders");
        me.MapGet("/orders/{orderNumber}", GetMyOrder).WithName("GetMyShopOrder");
        admin.MapGet("/orders", ListOrders).WithName("ListShopOrders");
        admin.MapGet("/orders/{orderNumber}", GetOrder).WithName("GetShopOrder");
        admin.MapPost("/orders", CreateManualOrder).WithIdempotency().WithName("CreateManualShopOrder");
        admin.MapPost("/orders/{orderNumber}/transitions", TransitionOrder).WithName("TransitionShopOrder");
    }

    private static async Task<Results<Created<CheckoutResponse>, ProblemHttpResult>> Checkout(CheckoutRequest request, HttpContext http, OperationContext op, CartService carts, OrderService orders, CancellationToken ct)
    {
        var owner = new CartOwner(op.ActorId, CartCookie.Read(http));
        var result = await orders.CheckoutAsync(owner, request, ct).ConfigureAwait(false);
        if (owner.Token is not null) CartCookie.Clear(http);
        return result.IsSuccess ? TypedResults.Created($"/api/shop/orders/{result.Value!.OrderNumber}", result.Value) : Problems.For(result.Error!);
    }

    private static async Task<Results<Ok<Page<OrderSummary>>, ProblemHttpResult>> ListMyOrders(int? limit, string? cursor, OperationContext op, OrderService orders, CancellationToken ct) =>
        (await orders.ListAsync(op.ActorId, null, null, null, limit, cursor, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetMyOrder(string orderNumber, OperationContext op, OrderService orders, CancellationToken ct) =>
        (await orders.GetAsync(orderNumber, op.ActorId, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<Page<OrderSummary>>, ProblemHttpResult>> ListOrders(string? status, string? source, string? q, string? userEcosystemId, int? limit, string? cursor, OrderService orders, CancellationToken ct) =>
        (await orders.ListAsync(userEcosystemId, status, source, q, limit, cursor, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetOrder(string orderNumber, OrderService orders, CancellationToken ct) =>
        (await orders.GetAsync(orderNumber, null, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Created<OrderResponse>, ProblemHttpResult>> CreateManualOrder(ManualOrderRequest request, OrderService orders, CancellationToken ct)
    {
        var result = await orders.CreateManualAsync(request, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/admin/shop/orders/{result.Value!.OrderNumber}", result.Value) : Problems.For(result.Error!);
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> TransitionOrder(string orderNumber, TransitionRequest request, OrderService orders, CancellationToken ct) =>
        (await orders.TransitionAsync(orderNumber, request, ct).ConfigureAwait(false)).ToOk();
}
