using System.Text.Json;
using Ecosystem.Platform;
using Ecosystem.Platform.Payments;
using Ecosystem.Platform.Webhooks;
using Ecosystem.Retention.Data;
using Ecosystem.Retention.PaymentFailures;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Retention.Webhooks;

/// <summary>
/// Stripe's <c>invoice.payment_failed</c> and <c>payment_intent.payment_failed</c>, delivered by the shared webhook
/// inbox (which verifies, stores and dedupes them and runs this once per event): a failed charge of a known customer
/// is recorded (failure count + 1, re-graded risk). A charge of a customer we do not know is acknowledged and left.
/// </summary>
internal sealed class StripeChargeFailedHandler(RetentionDbContext db, PaymentFailureService failures) : IWebhookHandler
{
    public static readonly string[] EventTypes = ["invoice.payment_failed", "payment_intent.payment_failed"];

    public async Task<Result<string>> HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        if (FailedCharge(webhookEvent) is not { } charge) return "not a failed charge this module can read: left alone";
        if (await FindCustomerAsync(charge, cancellationToken).ConfigureAwait(false) is not { } customerId) return "unknown customer: left alone";
        var applied = await failures.ApplyPaymentFailureAsync(customerId, charge.Amount, charge.Reason, "stripe", webhookEvent.EventId, cancellationToken).ConfigureAwait(false);
        if (applied.IsSuccess) return "payment failure recorded for " + customerId;
        // A customer without a card on file (or one that vanished) has nothing to record the failure against.
        return applied.Error == PaymentFailureService.NoPaymentMethod || applied.Error!.Status == 404 ? "customer has no card on file: left alone" : applied.Error;
    }

    internal sealed record FailedChargeInfo(string? StripeCustomerId, string? CustomerRef, Money Amount, string Reason);

    /// <summary>
    /// The failed charge in an <c>invoice.payment_failed</c> (<c>amount_due</c>) or <c>payment_intent.payment_failed</c>
    /// (<c>amount</c>, with <c>last_payment_error</c>'s decline code as the reason) event; null for other types or an
    /// amount/currency we cannot read.
    /// </summary>
    internal static FailedChargeInfo? FailedCharge(WebhookEvent e)
    {
        var amountField = e.EventType switch { "invoice.payment_failed" => "amount_due", "payment_intent.payment_failed" => "amount", _ => null };
        if (amountField is null || e.Payload.ValueKind != JsonValueKind.Object) return null;
        if (!e.Payload.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("object", out var o) || o.ValueKind != JsonValueKind.Object) return null;
        if (!o.TryGetProperty(amountField, out var a) || a.ValueKind != JsonValueKind.Number || !a.TryGetInt64(out var amount) || amount is <= 0 or > PaymentFailureService.MaxFailureAmount) return null;
        var currency = Str(o, "currency")?.ToUpperInvariant();
        if (currency is null || !Money.IsKnownCurrency(currency)) return null;
        string? reason = null;
        if (o.TryGetProperty("last_payment_error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            reason = Str(error, "decline_code") ?? Str(error, "code");
        }

        reason ??= e.EventType == "invoice.payment_failed" ? "invoice payment failed" : "payment failed";
        var customerRef = o.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? Str(m, PaymentMetadata.CustomerRef) : null;
        return new FailedChargeInfo(Str(o, "customer"), customerRef, new Money(amount, currency), "stripe: " + reason[..Math.Min(reason.Length, 150)]);

        static string? Str(JsonElement o, string name) => o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 } s ? s : null;
    }

    /// <summary>Our customer by the Stripe customer id saved with a card, else by <c>metadata.ecosystem_customer_ref</c>.</summary>
    private async Task<string?> FindCustomerAsync(FailedChargeInfo charge, CancellationToken ct)
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
