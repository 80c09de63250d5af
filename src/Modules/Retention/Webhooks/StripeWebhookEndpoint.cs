using System.Text.Json;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Retention.Adapters;
using Ecosystem.Retention.Data;
using Ecosystem.Retention.PaymentFailures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Retention.Webhooks;

/// <summary>
/// <c>POST /api/retention/stripe/webhook</c>: anonymous by design, authorized by the <c>Stripe-Signature</c> header
/// (HMAC over the raw body with the endpoint secret, 300 s tolerance). Idempotent by Stripe's event id: a redelivered
/// event is acknowledged (200) and not processed again. <c>invoice.payment_failed</c> and
/// <c>payment_intent.payment_failed</c> for a known customer record a failed charge (failure count + 1, re-graded risk)
/// in the same transaction as the event id; other types are only recorded (the chat records card results
/// synchronously).
/// </summary>
internal static class StripeWebhookEndpoint
{
    public const string ActorId = "stripe:webhook";

    public static void MapStripeWebhook(this RouteGroupBuilder api)
    {
        api.MapPost("/retention/stripe/webhook", Receive).AllowAnonymous().RequireRateLimiting(RateLimits.Public).Accepts<object>("application/json").WithTags("Retention").WithName("StripeWebhook");
    }

    private static async Task<Results<Ok<WebhookReceipt>, ProblemHttpResult>> Receive(
        HttpRequest request, StripeWebhookVerifier verifier, StripeOptions stripe, RetentionDbContext db, PaymentFailureService retention,
        OperationContext op, Transactions transactions, TimeProvider time, CancellationToken ct)
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
        var delivery = new WebhookEvent { EventId = e.Id, Type = e.Type, ObjectId = e.ObjectId, ReceivedAt = time.UtcNowStored() };
        op.ActorId = ActorId;
        op.ActorRole = "system";
        op.Channel = "webhook";
        try
        {
            if (FailedCharge(e) is { } charge && await FindCustomerAsync(db, charge, ct).ConfigureAwait(false) is { } customerId)
            {
                var applied = await retention.ApplyPaymentFailureAsync(customerId, charge.Amount, charge.Reason, "stripe", delivery, ct).ConfigureAwait(false);
                if (applied.IsSuccess) return TypedResults.Ok(new WebhookReceipt(e.Id, e.Type, false, "payment-failure-recorded"));
                if (applied.Error == PaymentFailureService.DuplicateDelivery) return TypedResults.Ok(new WebhookReceipt(e.Id, e.Type, true, "payment-failure-recorded"));
                // The customer has no card on file (or vanished): remember the event like any other.
            }

            var outcome = FailedCharge(e) is null ? "recorded" : "unknown-customer";
            var duplicate = await transactions.WriteBookkeepingAsync(db, async c =>
            {
                if (await db.WebhookEvents.AnyAsync(x => x.EventId == e.Id, c).ConfigureAwait(false)) return true;
                db.WebhookEvents.Add(delivery);
                await db.SaveChangesAsync(c).ConfigureAwait(false);
                return false;
            }, ct).ConfigureAwait(false);
            return TypedResults.Ok(new WebhookReceipt(e.Id, e.Type, duplicate, outcome));
        }
        catch (DbUpdateException)
        {
            // The same event delivered twice at once: the other request recorded (and applied) it.
            db.ChangeTracker.Clear();
            return TypedResults.Ok(new WebhookReceipt(e.Id, e.Type, true, "recorded"));
        }
    }

    internal sealed record FailedChargeInfo(string? StripeCustomerId, string? CustomerRef, Money Amount, string Reason);

    /// <summary>
    /// The failed charge in an <c>invoice.payment_failed</c> (<c>amount_due</c>) or <c>payment_intent.payment_failed</c>
    /// (<c>amount</c>, with <c>last_payment_error</c>'s decline code as the reason) event; null for other types or an
    /// amount/currency we cannot read.
    /// </summary>
    internal static FailedChargeInfo? FailedCharge(StripeWebhookEvent e)
    {
        var amountField = e.Type switch { "invoice.payment_failed" => "amount_due", "payment_intent.payment_failed" => "amount", _ => null };
        if (amountField is null || e.Object.ValueKind != JsonValueKind.Object) return null;
        if (!e.Object.TryGetProperty(amountField, out var a) || a.ValueKind != JsonValueKind.Number || !a.TryGetInt64(out var amount) || amount is <= 0 or > PaymentFailureService.MaxFailureAmount) return null;
        var currency = e.ObjectString("currency")?.ToUpperInvariant();
        if (currency is null || !Money.IsKnownCurrency(currency)) return null;
        string? reason = null;
        if (e.Object.TryGetProperty("last_payment_error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            reason = Str(error, "decline_code") ?? Str(error, "code");
        }

        reason ??= e.Type == "invoice.payment_failed" ? "invoice payment failed" : "payment failed";
        return new FailedChargeInfo(e.ObjectString("customer"), e.Metadata(Adapters.StripePaymentGateway.CustomerRefMetadataKey), new Money(amount, currency), "stripe: " + reason[..Math.Min(reason.Length, 150)]);

        static string? Str(JsonElement o, string name) => o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 } s ? s : null;
    }

    /// <summary>Our customer by the Stripe customer id saved with a card, else by <c>metadata.ecosystem_customer_ref</c>.</summary>
    private static async Task<string?> FindCustomerAsync(RetentionDbContext db, FailedChargeInfo charge, CancellationToken ct)
    {
        if (charge.StripeCustomerId is { Length: > 0 } cus
            && await db.Customers.AsNoTracking().Where(c => c.GatewayCustomerId == cus).Select(c => c.CustomerId).FirstOrDefaultAsync(ct).ConfigureAwait(false) is { } byGateway)
        {
            return byGateway;
        }

        if (charge.CustomerRef is { Length: > 0 and <= 40 } id
            && await db.Customers.AsNoTracking().AnyAsync(c => c.CustomerId == id, ct).ConfigureAwait(false))
        {
            return id;
        }

        return null;
    }
}
