namespace Ecosystem.Shop.Subscriptions;

/// <summary>
/// Subscribes to a plan. Card details (or a gateway token) are needed unless a card from an earlier payment is on file.
/// </summary>
public sealed record StartSubscriptionRequest(string? PlanId, string? CardNumber, int? ExpMonth, int? ExpYear, string? Cvc, string? PaymentMethodId)
{
    public override string ToString() => $"StartSubscriptionRequest {{ PlanId = {PlanId}, card redacted }}";
}

/// <summary>Stops a subscription: at the end of the paid period (the default) or now.</summary>
public sealed record CancelSubscriptionBody(bool? AtPeriodEnd);

/// <param name="Status"><c>trialing</c>, <c>active</c>, <c>past_due</c>, <c>canceled</c>, <c>incomplete</c> or <c>incomplete_expired</c> (the first payment failed).</param>
/// <param name="Amount">What each period costs, tax included (minor units).</param>
public sealed record SubscriptionResponse(
    string Id, string PlanId, string PlanName, string UserEcosystemId, string Status, long Amount, string Currency, string Interval, DateTimeOffset? CurrentPeriodStart,
    DateTimeOffset? CurrentPeriodEnd, DateTimeOffset? TrialEnd, bool CancelAtPeriodEnd, int FailedPayments, DateTimeOffset CreatedAt, DateTimeOffset? CanceledAt, string? FailureMessage);
