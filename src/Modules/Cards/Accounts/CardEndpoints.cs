using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Cards.Accounts;

/// <summary>The card account's API: the person's own card under <c>/cards/me</c>, every card under <c>/admin/cards</c>.</summary>
internal static class CardEndpoints
{
    public static void Map(RouteGroupBuilder me, RouteGroupBuilder admin)
    {
        me.MapGet("/", GetMine).WithName("GetMyCard").Answers(CardService.NoOffer);
        me.MapPost("/signature", Sign).WithName("SignCardAgreement").Answers(CardService.NoOffer, CardAccount.AlreadyOnboarded);
        me.MapPost("/raise-limit", RaiseLimit).WithIdempotency().WithName("RaiseCardLimit").Answers(CardService.NoOffer, CardAccount.NotOnboarded, CardAccount.CapReached);
        me.MapPost("/reset", ResetMine).WithName("ResetMyCard").Answers(CardService.NoOffer);

        admin.MapGet("/", List).WithName("ListCards");
        admin.MapGet("/{userEcosystemId}", Get).WithName("GetCard");
        admin.MapPost("/{userEcosystemId}/offer", Preapprove).WithName("PreapproveCard");
        admin.MapPost("/{userEcosystemId}/reset", Reset).WithName("ResetCard");
    }

    private static async Task<Results<Ok<CardResponse>, ProblemHttpResult>> GetMine(OperationContext op, CardService cards, CancellationToken ct) =>
        (await cards.GetAsync(op.ActorId, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<CardResponse>, ProblemHttpResult>> Sign(SignatureRequest request, OperationContext op, CardService cards, CancellationToken ct) =>
        (await cards.SignAsync(op.ActorId, request.SignatureText, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<CardResponse>, ProblemHttpResult>> RaiseLimit(OperationContext op, CardService cards, CancellationToken ct) =>
        (await cards.RaiseLimitAsync(op.ActorId, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<CardResponse>, ProblemHttpResult>> ResetMine(OperationContext op, CardService cards, CancellationToken ct) =>
        (await cards.ResetAsync(op.ActorId, full: false, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<Page<CardResponse>>, ProblemHttpResult>> List(string? status, int? limit, string? cursor, CardService cards, CancellationToken ct) =>
        (await cards.ListAsync(status, limit, cursor, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<CardResponse>, ProblemHttpResult>> Get(string userEcosystemId, CardService cards, CancellationToken ct) =>
        (await cards.GetAsync(userEcosystemId, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Created<CardResponse>, ProblemHttpResult>> Preapprove(string userEcosystemId, OfferRequest request, CardService cards, IUserDirectory users, CancellationToken ct)
    {
        var result = await cards.PreapproveAsync(userEcosystemId, request.Limit, request.Currency, users, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/admin/cards/{userEcosystemId}", result.Value) : Problems.For(result.Error!);
    }

    private static async Task<Results<Ok<CardResponse>, ProblemHttpResult>> Reset(string userEcosystemId, bool? full, CardService cards, CancellationToken ct) =>
        (await cards.ResetAsync(userEcosystemId, full ?? false, ct).ConfigureAwait(false)).ToOk();
}
