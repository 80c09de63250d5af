using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Retention.Adapters;
using Ecosystem.Retention.Data;
using Ecosystem.Retention.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Retention;

public sealed record WebhookReceipt(string EventId, string Type, bool Duplicate);

/// <summary>
/// <c>POST /api/retention/stripe/webhook</c>: anonymous by design, authorized by the <c>Stripe-Signature</c> header
/// (HMAC over the raw body with the endpoint secret, 300 s tolerance). Idempotent by Stripe's event id: a redelivered
/// event is acknowledged (200) and not processed again. The chat records card results synchronously, so events are
/// only recorded here; this is the seam for asynchronous confirmations (e.g. 3-D Secure).
/// </summary>
internal static class StripeWebhookEndpoint
{
    public static void MapStripeWebhook(this RouteGroupBuilder api)
    {
        api.MapPost("/retention/stripe/webhook", async Task<Results<Ok<WebhookReceipt>, ProblemHttpResult>> (HttpRequest request, StripeWebhookVerifier verifier, StripeOptions stripe, RetentionDbContext db, WriteGate gate, TimeProvider time, CancellationToken ct) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, ct).ConfigureAwait(false);
            var verification = verifier.Verify(body.ToArray(), request.Headers[StripeWebhookVerifier.HeaderName].ToString(), stripe.WebhookSecrets);
            if (!verification.IsValid)
            {
                var status = verification.Failure == StripeWebhookFailure.NotConfigured ? 404 : 400;
                return Problems.For(new Error(verification.Code, status, verification.Reason));
            }

            var e = verification.Event!;
            using (await gate.EnterAsync(ct).ConfigureAwait(false))
            {
                if (await db.WebhookEvents.AnyAsync(x => x.EventId == e.Id, ct).ConfigureAwait(false)) return TypedResults.Ok(new WebhookReceipt(e.Id, e.Type, true));
                db.WebhookEvents.Add(new WebhookEvent { EventId = e.Id, Type = e.Type, ObjectId = e.ObjectId, ReceivedAt = time.UtcNowStored() });
                try
                {
                    await db.SaveChangesAsync(ct).ConfigureAwait(false);
                }
                catch (DbUpdateException)
                {
                    // The same event delivered twice at once: the other request recorded it.
                    return TypedResults.Ok(new WebhookReceipt(e.Id, e.Type, true));
                }
            }

            return TypedResults.Ok(new WebhookReceipt(e.Id, e.Type, false));
        }).AllowAnonymous().RequireRateLimiting(RateLimits.Public).Accepts<object>("application/json").WithTags("Retention").WithName("StripeWebhook");
    }
}
