using Ecosystem.Platform;

namespace Ecosystem.Retention.Contracts;

/// <summary>
/// A failed recurring charge another module saw (a shop subscription's renewal, say), reported so the retention team
/// can recover it with the churn chat. Only brand, last four and expiry of the card: never its number.
/// </summary>
/// <param name="Reference">The source's own id for this failure (e.g. the provider's event id): a second report with
/// the same reference changes nothing.</param>
/// <param name="Plan">What the person pays for, in words ("Growth plan — monthly").</param>
/// <param name="MonthlyValue">What the subscription is worth per month: it grades the severity.</param>
public sealed record FailedPaymentReport(
    string UserEcosystemId, string Name, string Email, string Plan, Money MonthlyValue,
    string CardBrand, string CardLast4, int CardExpMonth, int CardExpYear, string Gateway, string? GatewayCustomerId, string? GatewayPaymentMethodId,
    Money FailedAmount, string Reason, string Reference);
