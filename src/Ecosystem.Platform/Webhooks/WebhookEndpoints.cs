using Ecosystem.Platform.Http;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Platform.Webhooks;

/// <summary>
/// <c>POST /api/webhooks/{provider}</c>: anonymous by design, authorized by the provider's signature on the raw body.
/// <c>GET /api/webhooks/{provider}</c>: a provider's subscription check (WhatsApp). The admin console's list, one
/// delivery with its body, and replay.
/// </summary>
internal static class WebhookEndpoints
{
    public static void MapWebhooks(this RouteGroupBuilder api)
    {
        var inbox = api.MapGroup("/webhooks").WithTags("Webhooks").AllowAnonymous().RequireRateLimiting(RateLimits.Public);
        inbox.MapPost("/{provider}", Receive).WithName("ReceiveWebhook")
            .WithSummary("A provider's event, signed (Stripe-Signature, X-Hub-Signature-256 or Standard Webhooks headers). 200 once stored; a redelivery answers the first.")
            .WithMetadata(new RequestSizeLimitAttribute(WebhookInbox.MaxBodyBytes));
        inbox.MapGet("/{provider}", Challenge).WithName("WebhookSubscriptionCheck");

        var admin = api.MapGroup("/admin/webhooks").WithTags("Admin: webhooks").RequireAuthorization(Policies.WebhooksManage);
        admin.MapGet("/", List).WithName("ListWebhookDeliveries");
        admin.MapGet("/{id}", Get).WithName("GetWebhookDelivery");
        admin.MapPost("/{id}/replay", Replay).WithName("ReplayWebhookDelivery");
    }

    private static async Task<Results<Ok<WebhookDeliveryView>, ProblemHttpResult>> Receive(string provider, HttpRequest request, OperationContext op, WebhookInbox inbox, CancellationToken ct)
    {
        op.ActorId = "webhook:" + provider;
        op.ActorRole = "system";
        op.Channel = "webhook";
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct).ConfigureAwait(false);
        return (await inbox.ReceiveAsync(provider.ToLowerInvariant(), body.ToArray(), request.Headers, ct).ConfigureAwait(false)).ToOk();
    }

    private static IResult Challenge(string provider, HttpRequest request, WebhookVerifiers verifiers)
    {
        if (verifiers.Find(provider.ToLowerInvariant()) is not { } verifier) return Problems.For(WebhookInbox.UnknownProvider);
        return verifier.AnswerChallenge(request.Query) is { } answer
            ? TypedResults.Text(answer, "text/plain")
            : Problems.For(Error.Forbidden("WEBHOOK_CHALLENGE_FAILED", "The subscription check's mode or verify token is not the one configured."));
    }

    private static async Task<Results<Ok<Page<WebhookDeliveryView>>, ProblemHttpResult>> List(string? provider, string? status, int? limit, string? cursor, WebhookInbox inbox, CancellationToken ct) =>
        (await inbox.ListAsync(provider, status, limit, cursor, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<WebhookDeliveryView>, ProblemHttpResult>> Get(string id, WebhookInbox inbox, CancellationToken ct) =>
        (await inbox.ViewAsync(id, withBody: true, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<WebhookDeliveryView>, ProblemHttpResult>> Replay(string id, WebhookInbox inbox, CancellationToken ct) =>
        (await inbox.ReplayAsync(id, ct).ConfigureAwait(false)).ToOk();
}
