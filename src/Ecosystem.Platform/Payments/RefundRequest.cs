namespace Ecosystem.Platform.Payments;

/// <param name="PaymentId">The charge to refund (<see cref="ChargeResult.PaymentId"/>).</param>
/// <param name="Amount">How much; null refunds what is left of the charge.</param>
public sealed record RefundRequest(string PaymentId, Money? Amount, string IdempotencyKey, string? Reason = null);
