using System.Text.Json;
using Ecosystem.Platform;
using Ecosystem.Platform.Webhooks;

namespace Ecosystem.Shop.Payments;

/// <summary>
/// <c>payment_intent.succeeded</c> from either gateway (through the shared inbox, once per event): a payment of a shop
/// order (<c>metadata.order_number</c>) is captured as if confirmed in the browser; one that is already recorded
/// changes nothing. Other payments are acknowledged and left.
/// </summary>
internal sealed class PaymentWebhookHandler(PaymentService payments) : IWebhookHandler
{
    public async Task<Result<string>> HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        var e = webhookEvent.Payload;
        if (!e.TryGetProperty("data", out var data) || !data.TryGetProperty("object", out var o) || o.ValueKind != JsonValueKind.Object) return "no data.object: left alone";
        if (!o.TryGetProperty("metadata", out var m) || m.ValueKind != JsonValueKind.Object
            || !m.TryGetProperty(PaymentService.OrderNumberKey, out var n) || n.GetString() is not { Length: > 0 and <= 20 } orderNumber)
        {
            return "not a shop order: left alone";
        }

        if (!o.TryGetProperty("id", out var id) || id.GetString() is not { Length: > 0 and <= 100 } paymentId) return "no payment id: left alone";
        var amountField = o.TryGetProperty("amount_received", out var received) ? received : o.TryGetProperty("amount", out var a) ? a : default;
        if (amountField.ValueKind != JsonValueKind.Number || !amountField.TryGetInt64(out var amount) || amount <= 0) return "no amount: left alone";
        var currency = o.TryGetProperty("currency", out var cur) ? cur.GetString()?.ToUpperInvariant() : null;
        if (currency is null || !Money.IsKnownCurrency(currency)) return "unknown currency: left alone";
        var captured = await payments.CaptureAsync(orderNumber, webhookEvent.Provider, paymentId, new Money(amount, currency), null, null, cancellationToken).ConfigureAwait(false);
        if (captured.IsSuccess) return $"order {orderNumber}: payment {paymentId} recorded";
        return captured.Error!.Status == 404 ? "unknown order: left alone" : captured.Error!.Code == PaymentService.AlreadyPaid.Code ? "order already paid: the extra charge was refunded" : captured.Error!;
    }
}
