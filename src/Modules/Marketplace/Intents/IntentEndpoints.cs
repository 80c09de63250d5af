using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Marketplace.Intents;

/// <summary>Buyers' intents (their own; another's is 404) and the rankings; vendors' open intents and quotes.</summary>
internal static class IntentEndpoints
{
    public static void Map(RouteGroupBuilder me, RouteGroupBuilder sell)
    {
        me.MapPost("/intents", Create).WithIdempotency().WithName("CreateMarketplaceIntent");
        me.MapGet("/intents", ListMine).WithName("ListMyMarketplaceIntents");
        me.MapGet("/intents/{intentId}", Get).WithName("GetMarketplaceIntent").Answers(IntentService.NotFound);
        me.MapPost("/intents/{intentId}/cancel", Cancel).WithName("CancelMarketplaceIntent").Answers(IntentService.NotFound, IntentService.NotOpen);
        me.MapGet("/intents/{intentId}/rankings", Rankings).WithName("GetMarketplaceIntentRankings").Answers(IntentService.NotFound);
        sell.MapGet("/open-intents", ListOpen).WithName("ListOpenMarketplaceIntents");
        sell.MapPost("/intents/{intentId}/quotes", CreateQuote).WithIdempotency().WithName("CreateMarketplaceQuote")
            .Answers(IntentService.NotFound, IntentService.NotOpen, IntentService.AlreadyQuoted, IntentService.VendorProfileRequired, IntentService.OwnIntent);
        sell.MapGet("/quotes", ListQuotes).WithName("ListMyMarketplaceQuotes");
    }

    private static async Task<Results<Created<IntentResponse>, ProblemHttpResult>> Create(IntentRequest request, OperationContext op, IntentService intents, CancellationToken ct)
    {
        var result = await intents.CreateAsync(op.ActorId, request, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/marketplace/intents/{result.Value!.IntentId}", result.Value) : Problems.For(result.Error!);
    }

    private static async Task<Ok<IReadOnlyList<IntentResponse>>> ListMine(int? limit, OperationContext op, IntentService intents, CancellationToken ct) =>
        TypedResults.Ok(await intents.ListMineAsync(op.ActorId, MarketplaceAccess.Limit(limit), ct).ConfigureAwait(false));

    private static async Task<Results<Ok<IntentResponse>, ProblemHttpResult>> Get(string intentId, HttpContext http, OperationContext op, Capabilities capabilities, IntentService intents, CancellationToken ct) =>
        (await intents.GetAsync(op.ActorId, intentId, MarketplaceAccess.Manages(http, capabilities), ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<IntentResponse>, ProblemHttpResult>> Cancel(string intentId, OperationContext op, IntentService intents, CancellationToken ct) =>
        (await intents.CancelAsync(op.ActorId, intentId, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<RankingsResponse>, ProblemHttpResult>> Rankings(string intentId, HttpContext http, OperationContext op, Capabilities capabilities, IntentService intents, CancellationToken ct) =>
        (await intents.RankingsAsync(op.ActorId, intentId, MarketplaceAccess.Manages(http, capabilities), ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<IReadOnlyList<OpenIntentResponse>>, ProblemHttpResult>> ListOpen(int? limit, OperationContext op, IntentService intents, CancellationToken ct) =>
        (await intents.OpenForVendorAsync(op.ActorId, MarketplaceAccess.Limit(limit), ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Created<QuoteResponse>, ProblemHttpResult>> CreateQuote(string intentId, QuoteRequest request, OperationContext op, IntentService intents, CancellationToken ct)
    {
        var result = await intents.QuoteAsync(op.ActorId, intentId, request, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/marketplace/intents/{intentId}", result.Value) : Problems.For(result.Error!);
    }

    private static async Task<Ok<IReadOnlyList<QuoteResponse>>> ListQuotes(int? limit, OperationContext op, IntentService intents, CancellationToken ct) =>
        TypedResults.Ok(await intents.VendorQuotesAsync(op.ActorId, MarketplaceAccess.Limit(limit), ct).ConfigureAwait(false));
}
