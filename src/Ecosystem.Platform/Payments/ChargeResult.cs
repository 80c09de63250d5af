namespace Ecosystem.Platform.Payments;

/// <param name="PaymentId">The provider's payment (<c>pi_…</c>); set for a declined charge too, so it can be looked up.</param>
/// <param name="DeclineCode">The bank's reason when declined (<c>insufficient_funds</c>, <c>authentication_required</c>…).</param>
public sealed record ChargeResult(PaymentOutcome Outcome, string? PaymentId, Money Amount, string? Message, string? DeclineCode = null)
{
    public bool Succeeded => Outcome == PaymentOutcome.Succeeded;
}
