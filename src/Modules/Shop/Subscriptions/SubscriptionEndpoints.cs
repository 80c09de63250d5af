using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Shop.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Shop.Subscriptions;

/// <summary>The client's subscriptions, and every subscription for admins.</summary>
internal static class SubscriptionEndpoints
{
    public static void Map(RouteGroupBuilder me, RouteGroupBuilder admin)
    {
        me.MapGet("/subscriptions", ListMySubscriptions).WithName("ListMyShopSubscriptions");
        me.MapPost("/subscriptions", StartSubscription).WithName("StartShopSubscription");
        me.MapPost("/subscriptions/{subscriptionId}/cancel", CancelMySubscription).WithName("CancelMyShopSubscription");
        admin.MapGet("/subscriptions", ListSubscriptions).WithName("ListShopSubscriptions");
        admin.MapPost("/subscriptions/{subscriptionId}/cancel", CancelSubscription).WithName("CancelShopSubscription");
    }

    private static async Task<Ok<ItemsResponse<SubscriptionResponse>>> ListMySubscriptions(OperationContext op, SubscriptionService subscriptions, CancellationToken ct) =>
        TypedResults.Ok(new ItemsResponse<SubscriptionResponse>(await subscriptions.ListAsync(op.ActorId, null, ct).ConfigureAwait(false)));

    private static async Task<Results<Created<SubscriptionResponse>, ProblemHttpResult>> StartSubscription(StartSubscriptionRequest request, OperationContext op, SubscriptionService subscriptions, CancellationToken ct)
    {
        var result = await subscriptions.StartAsync(op.ActorId, request, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created("/api/shop/subscriptions", result.Value) : Problems.For(result.Error!);
    }

    private static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> CancelMySubscription(string subscriptionId, CancelSubscriptionBody? body, OperationContext op, SubscriptionService subscriptions, CancellationToken ct) =>
        (await subscriptions.CancelAsync(op.ActorId, subscriptionId, body?.AtPeriodEnd ?? true, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Ok<ItemsResponse<SubscriptionResponse>>> ListSubscriptions(string? status, SubscriptionService subscriptions, CancellationToken ct) =>
        TypedResults.Ok(new ItemsResponse<SubscriptionResponse>(await subscriptions.ListAsync(null, status, ct).ConfigureAwait(false)));

    private static async Task<Results<Ok<SubscriptionResponse>, ProblemHttpResult>> CancelSubscription(string subscriptionId, CancelSubscriptionBody? body, SubscriptionService subscriptions, CancellationToken ct) =>
        (await subscriptions.CancelAsync(null, subscriptionId, body?.AtPeriodEnd ?? true, ct).ConfigureAwait(false)).ToOk();
}
