using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Cards.Purchases;

/// <summary>Purchases: the person's own under <c>/cards/me/purchases</c>, anyone's under <c>/admin/cards/{id}/purchases</c>.</summary>
internal static class PurchaseEndpoints
{
    public static void Map(RouteGroupBuilder me, RouteGroupBuilder admin)
    {
        me.MapPost("/purchases", Purchase).WithIdempotency().WithName("SimulatePurchase").Answers(Accounts.CardService.NoOffer, Accounts.CardAccount.NotOnboarded);
        me.MapGet("/purchases", ListMine).WithName("ListMyPurchases");
        admin.MapGet("/{userEcosystemId}/purchases", List).WithName("ListCardPurchases");
    }

    private static async Task<Results<Created<PurchaseResponse>, ProblemHttpResult>> Purchase(PurchaseRequest request, OperationContext op, PurchaseService purchases, CancellationToken ct)
    {
        var result = await purchases.PurchaseAsync(op.ActorId, request.Amount, request.Merchant, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/cards/me/purchases/{result.Value!.PurchaseId}", result.Value) : Problems.For(result.Error!);
    }

    private static async Task<Results<Ok<Page<PurchaseResponse>>, ProblemHttpResult>> ListMine(int? limit, string? cursor, OperationContext op, PurchaseService purchases, CancellationToken ct) =>
        (await purchases.ListPurchasesAsync(op.ActorId, limit, cursor, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<Page<PurchaseResponse>>, ProblemHttpResult>> List(string userEcosystemId, int? limit, string? cursor, PurchaseService purchases, CancellationToken ct) =>
        (await purchases.ListPurchasesAsync(userEcosystemId, limit, cursor, ct).ConfigureAwait(false)).ToOk();
}
