namespace Ecosystem.Platform.Payments;

/// <summary>
/// The provider events about payments a module may subscribe to (<see cref="ModuleBuilder.PaymentEventHandler{T}"/>):
/// Stripe's names and payload shapes (<c>data.object</c> is the invoice, PaymentIntent, charge or subscription).
/// Stripe sends them to <c>/api/webhooks/stripe</c>; the simulated gateway delivers the same events to the inbox itself
/// (provider <c>simulated</c>), so a module handles renewals the same way with either.
/// </summary>
public static class PaymentEvents
{
    public const string InvoicePaid = "invoice.paid";
    public const string InvoicePaymentFailed = "invoice.payment_failed";
    public const string PaymentIntentSucceeded = "payment_intent.succeeded";
    public const string PaymentIntentFailed = "payment_intent.payment_failed";
    public const string ChargeRefunded = "charge.refunded";
    public const string SubscriptionUpdated = "customer.subscription.updated";
    public const string SubscriptionDeleted = "customer.subscription.deleted";

    /// <summary>The inbox providers payment events arrive from.</summary>
    public static readonly IReadOnlyList<string> Providers = ["stripe", "simulated"];
}
