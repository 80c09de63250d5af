namespace Ecosystem.Platform.Payments;

/// <param name="RefundedSoFar">Everything refunded of the charge, this refund included.</param>
public sealed record RefundResult(PaymentOutcome Outcome, string? RefundId, Money? Amount, Money? RefundedSoFar, string? Message)
{
    public bool Succeeded => Outcome == PaymentOutcome.Succeeded;
}
