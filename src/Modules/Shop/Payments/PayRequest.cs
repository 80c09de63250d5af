using Ecosystem.Platform.Payments;

namespace Ecosystem.Shop.Payments;

/// <summary>
/// Pays an order: card details for the simulated gateway (Stripe's test cards, e.g. 4242 4242 4242 4242), or a
/// payment method made by Stripe's own card form (<c>pm_…</c>). Card details are used only in memory, never stored.
/// </summary>
public sealed record PayRequest(string? CardNumber, int? ExpMonth, int? ExpYear, string? Cvc, string? PaymentMethodId) : ICardPayment
{
    public override string ToString() => "PayRequest { redacted }";
}

/// <summary>A refund: <paramref name="Amount"/> in minor units (left out: everything not yet refunded) and why.</summary>
public sealed record RefundOrderRequest(long? Amount, string? Reason);
