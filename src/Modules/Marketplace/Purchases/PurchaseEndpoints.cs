using Ecosystem.Marketplace.Intents;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Marketplace.Purchases;

/// <summary>Accepting a quote (the intent's buyer), the person's purchases, cancelling; completing (the vendor).</summary>
internal static class PurchaseEndpoints
{
    public static void Map(RouteGroupBuilder me, RouteGroupBuilder sell)
    {
        me.MapPost("/quotes/{quoteId}/accept", Accept).WithIdempotency().WithName("AcceptMarketplaceQuote")
            .Answers(IntentService.QuoteNotFound, IntentService.NotOpen, PurchaseService.QuoteNotOpen, Error.Conflict("INSUFFICIENT_FUNDS", "Your wallet does not have the funds for this quote."));
        me.MapGet("/purchases", List).WithName("ListMarketplacePurchases");
        me.MapGet("/purchases/{purchaseId}", Get).WithName("GetMarketplacePurchase").Answers(PurchaseService.NotFound);
        me.MapPost("/purchases/{purchaseId}/cancel", Cancel).WithName("CancelMarketplacePurchase").Answers(PurchaseService.NotFound, PurchaseService.NotPending);
        sell.MapPost("/purchases/{purchaseId}/complete", Complete).WithName("CompleteMarketplacePurchase").Answers(PurchaseService.NotFound, PurchaseService.NotPending, PurchaseService.HoldExpired);
    }

    private static async Task<Results<Created<PurchaseResponse>, ProblemHttpResult>> Accept(string quoteId, OperationContext op, PurchaseService purchases, CancellationToken ct)
    {
        var result = await purchases.AcceptAsync(op.ActorId, quoteId, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/marketplace/purchases/{result.Value!.PurchaseId}", result.Value) : Problems.For(result.Error!);
    }

    /// <summary>The person's purchases as buyer or vendor; admins may ask for <c>scope=all</c> (every purchase of the tenant) and a <c>status</c>.</summary>
    private static async Task<Results<Ok<IReadOnlyList<PurchaseResponse>>, ProblemHttpResult>> List(string? scope, string? status, int? limit, HttpContext http, OperationContext op, Capabilities capabilities, PurchaseService purchases, CancellationToken ct)
    {
        if (status is not null and not ("pending" or "completed" or "cancelled" or "failed"))
        {
            var v = new Validator();
            v.Add("status", "Status is one of pending, completed, cancelled or failed.");
            return Problems.For(v.ToError());
        }

        var all = scope == "all" && MarketplaceAccess.Manages(http, capabilities);
        return TypedResults.Ok(await purchases.ListAsync(op.ActorId, all, status, MarketplaceAccess.Limit(limit), ct).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<PurchaseResponse>, ProblemHttpResult>> Get(string purchaseId, HttpContext http, OperationContext op, Capabilities capabilities, PurchaseService purchases, CancellationToken ct) =>
        (await purchases.GetAsync(op.ActorId, purchaseId, MarketplaceAccess.Manages(http, capabilities), ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<PurchaseResponse>, ProblemHttpResult>> Cancel(string purchaseId, CancelPurchaseRequest? request, HttpContext http, OperationContext op, Capabilities capabilities, PurchaseService purchases, CancellationToken ct) =>
        (await purchases.CancelAsync(op.ActorId, purchaseId, request, MarketplaceAccess.Manages(http, capabilities), ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<PurchaseResponse>, ProblemHttpResult>> Complete(string purchaseId, OperationContext op, PurchaseService purchases, CancellationToken ct) =>
        (await purchases.CompleteAsync(op.ActorId, purchaseId, ct).ConfigureAwait(false)).ToOk();
}
