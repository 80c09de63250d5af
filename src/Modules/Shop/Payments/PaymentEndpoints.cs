using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Shop.Payments;

/// <summary>
/// Paying one's own order, and refunds by finance. Both call the payment provider outside any transaction, so they do
/// not use the stored-response idempotency filter: an <c>Idempotency-Key</c> becomes the provider's idempotency key
/// (a retry never charges or refunds twice) and the key of the attempt, which a retry answers.
/// </summary>
internal static class PaymentEndpoints
{
    public static void Map(RouteGroupBuilder me, RouteGroupBuilder refunds)
    {
        me.MapPost("/orders/{orderNumber}/payments", PayOrder).WithName("PayShopOrder");
        refunds.MapPost("/orders/{orderNumber}/refunds", RefundOrder).WithName("RefundShopOrder");
    }

    private static async Task<Results<Created<PaymentResponse>, ProblemHttpResult>> PayOrder(string orderNumber, PayRequest request, HttpContext http, OperationContext op, PaymentService payments, CancellationToken ct)
    {
        var result = await payments.PayAsync(op.ActorId, orderNumber, request, Key(http), ct).ConfigureAwait(false);
        if (!result.IsSuccess) return Problems.For(result.Error!);
        var payment = result.Value!;
        if (payment.Status == ShopPayment.Failed)
        {
            return Problems.For(new Error(payment.FailureCode ?? "PAYMENT_FAILED", 402, payment.FailureMessage ?? "The payment did not go through.")
            {
                Fields = new Dictionary<string, string[]> { ["paymentId"] = [payment.PaymentId] },
            });
        }

        return TypedResults.Created($"/api/shop/orders/{orderNumber}", payment);
    }

    private static async Task<Results<Created<RefundResponse>, ProblemHttpResult>> RefundOrder(string orderNumber, RefundOrderRequest request, HttpContext http, PaymentService payments, CancellationToken ct)
    {
        var result = await payments.RefundAsync(orderNumber, request, Key(http), ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/admin/shop/orders/{orderNumber}", result.Value) : Problems.For(result.Error!);
    }

    private static string? Key(HttpContext http) =>
        http.Request.Headers.TryGetValue(IdempotencyExtensions.Header, out var key) && key.ToString() is { Length: > 0 } k ? k : null;
}
