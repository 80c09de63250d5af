namespace Ecosystem.Platform.Payments;

/// <summary>
/// The one payment gateway every module uses (ADR 0022): save a card for later, charge a saved card (in the customer's
/// presence or off-session), refund, and subscriptions that renew. The embedded default is
/// <see cref="SimulatedPaymentGateway"/> (offline, Stripe's documented test cards decide the outcome); the Stripe adapter
/// (Stripe.net) replaces it when <c>Payments:Provider</c> is <c>stripe</c>. Every call carries an idempotency key:
/// repeated with the same key it answers the first result and moves no money again. No call ever returns or logs a card
/// number: only brand, last four and expiry, and the provider's ids.
/// </summary>
public interface IPaymentGateway
{
    /// <summary><c>simulated</c> or <c>stripe</c>: also the provider name of its webhook events.</summary>
    string Name { get; }

    /// <summary>Saves a card for future charges of the customer (a confirmed off-session SetupIntent on Stripe).</summary>
    Task<CardSetupResult> SetupCardAsync(CardSetupRequest request, CancellationToken cancellationToken);

    /// <summary>Charges a saved card once (a confirmed PaymentIntent on Stripe).</summary>
    Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken);

    /// <summary>Refunds all or part of a charge; several partial refunds may not exceed what was charged.</summary>
    Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken);

    /// <summary>Starts a subscription on a saved card, with an optional trial; it renews each period until cancelled.</summary>
    Task<SubscriptionResult> SubscribeAsync(SubscriptionRequest request, CancellationToken cancellationToken);

    /// <summary>Cancels a subscription now or at the end of its current period.</summary>
    Task<SubscriptionResult> CancelSubscriptionAsync(CancelSubscriptionRequest request, CancellationToken cancellationToken);
}
