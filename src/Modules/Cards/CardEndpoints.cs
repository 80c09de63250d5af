using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Cards;

public sealed record SignatureRequest(string? SignatureText);

public sealed record PurchaseRequest(long? Amount, string? Merchant);

/// <summary>A pre-approved limit in minor units of <c>Currency</c>.</summary>
public sealed record OfferRequest(long? Limit, string? Currency);

internal static class CardEndpoints
{
    public static RouteGroupBuilder MapCardsApi(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/cards/me").WithTags("Cards").RequireAuthorization(Policies.SignedIn);
        me.MapGet("/", async Task<Results<Ok<CardResponse>, ProblemHttpResult>> (OperationContext op, CardService cards, CancellationToken ct) =>
            (await cards.GetAsync(op.ActorId, ct).ConfigureAwait(false)).ToOk()).WithName("GetMyCard");

        me.MapPost("/signature", async Task<Results<Ok<CardResponse>, ProblemHttpResult>> (SignatureRequest request, OperationContext op, CardService cards, CancellationToken ct) =>
            (await cards.SignAsync(op.ActorId, request.SignatureText, ct).ConfigureAwait(false)).ToOk()).WithName("SignCardAgreement");

        me.MapPost("/purchases", async Task<Results<Created<PurchaseResponse>, ProblemHttpResult>> (PurchaseRequest request, OperationContext op, CardService cards, CancellationToken ct) =>
        {
            var result = await cards.PurchaseAsync(op.ActorId, request.Amount, request.Merchant, ct).ConfigureAwait(false);
            return result.IsSuccess ? TypedResults.Created($"/api/cards/me/purchases/{result.Value!.PurchaseId}", result.Value) : Problems.For(result.Error!);
        }).WithIdempotency().WithName("SimulatePurchase");

        me.MapGet("/purchases", async Task<Results<Ok<Page<PurchaseResponse>>, ProblemHttpResult>> (int? limit, string? cursor, OperationContext op, CardService cards, CancellationToken ct) =>
            (await cards.ListPurchasesAsync(op.ActorId, limit, cursor, ct).ConfigureAwait(false)).ToOk()).WithName("ListMyPurchases");

        me.MapPost("/raise-limit", async Task<Results<Ok<CardResponse>, ProblemHttpResult>> (OperationContext op, CardService cards, CancellationToken ct) =>
            (await cards.RaiseLimitAsync(op.ActorId, ct).ConfigureAwait(false)).ToOk()).WithIdempotency().WithName("RaiseCardLimit");

        me.MapPost("/reset", async Task<Results<Ok<CardResponse>, ProblemHttpResult>> (OperationContext op, CardService cards, CancellationToken ct) =>
            (await cards.ResetAsync(op.ActorId, full: false, ct).ConfigureAwait(false)).ToOk()).WithName("ResetMyCard");

        var admin = api.MapGroup("/admin/cards").WithTags("Admin: cards").RequireAuthorization(Policies.CardsManage);
        admin.MapGet("/", async Task<Results<Ok<Page<CardResponse>>, ProblemHttpResult>> (string? status, int? limit, string? cursor, CardService cards, CancellationToken ct) =>
            (await cards.ListAsync(status, limit, cursor, ct).ConfigureAwait(false)).ToOk()).WithName("ListCards");
        admin.MapGet("/{userEcosystemId}", async Task<Results<Ok<CardResponse>, ProblemHttpResult>> (string userEcosystemId, CardService cards, CancellationToken ct) =>
            (await cards.GetAsync(userEcosystemId, ct).ConfigureAwait(false)).ToOk()).WithName("GetCard");
        admin.MapGet("/{userEcosystemId}/purchases", async Task<Results<Ok<Page<PurchaseResponse>>, ProblemHttpResult>> (string userEcosystemId, int? limit, string? cursor, CardService cards, CancellationToken ct) =>
            (await cards.ListPurchasesAsync(userEcosystemId, limit, cursor, ct).ConfigureAwait(false)).ToOk()).WithName("ListCardPurchases");
        admin.MapPost("/{userEcosystemId}/offer", async Task<Results<Created<CardResponse>, ProblemHttpResult>> (string userEcosystemId, OfferRequest request, CardService cards, IUserDirectory users, CancellationToken ct) =>
        {
            var result = await cards.PreapproveAsync(userEcosystemId, request.Limit, request.Currency, users, ct).ConfigureAwait(false);
            return result.IsSuccess ? TypedResults.Created($"/api/admin/cards/{userEcosystemId}", result.Value) : Problems.For(result.Error!);
        }).WithName("PreapproveCard");
        admin.MapPost("/{userEcosystemId}/reset", async Task<Results<Ok<CardResponse>, ProblemHttpResult>> (string userEcosystemId, bool? full, CardService cards, CancellationToken ct) =>
            (await cards.ResetAsync(userEcosystemId, full ?? false, ct).ConfigureAwait(false)).ToOk()).WithName("ResetCard");
        return me;
    }
}
