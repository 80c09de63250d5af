namespace Ecosystem.Platform.Payments;

/// <param name="PriceId">The provider's price (<c>price_…</c>), which holds the amount and interval on Stripe.</param>
/// <param name="Amount">The price per period: what the simulated gateway charges (Stripe takes it from the price).</param>
/// <param name="TrialDays">0 for none: the first charge is at once.</param>
public sealed record SubscriptionRequest(
    string CustomerRef, string GatewayCustomerId, string PaymentMethodId, string PriceId, Money Amount, BillingInterval Interval, int TrialDays, string IdempotencyKey,
    IReadOnlyDictionary<string, string>? Metadata = null);
