namespace Ecosystem.Retention.Webhooks;

/// <param name="Outcome">
/// <c>payment-failure-recorded</c> (a failed charge of a known customer was applied), <c>unknown-customer</c> (a failed
/// charge of a Stripe customer we cannot match; acknowledged so Stripe stops retrying), or <c>recorded</c> (any other
/// type: only remembered).
/// </param>
public sealed record WebhookReceipt(string EventId, string Type, bool Duplicate, string Outcome);
