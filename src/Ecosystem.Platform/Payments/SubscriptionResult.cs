namespace Ecosystem.Platform.Payments;

/// <param name="Status">The provider's words: <c>trialing</c>, <c>active</c>, <c>past_due</c>, <c>incomplete</c>, <c>canceled</c>.</param>
/// <param name="CurrentPeriodEnd">When it renews next (or, cancelled at period end, when it stops).</param>
public sealed record SubscriptionResult(
    PaymentOutcome Outcome, string? SubscriptionId, string? Status, DateTimeOffset? CurrentPeriodEnd, DateTimeOffset? TrialEnd, bool CancelAtPeriodEnd, string? Message)
{
    public bool Succeeded => Outcome == PaymentOutcome.Succeeded;
}
