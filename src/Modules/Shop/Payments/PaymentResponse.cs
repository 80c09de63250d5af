namespace Ecosystem.Shop.Payments;

/// <param name="Status"><c>succeeded</c> or <c>failed</c>.</param>
/// <param name="OrderStatus">The order's status after the payment.</param>
public sealed record PaymentResponse(string PaymentId, string OrderNumber, string Status, long Amount, string Currency, string? Card, string? FailureCode, string? FailureMessage, string OrderStatus);

/// <param name="Status"><c>succeeded</c>, or <c>pending</c> while the provider has not answered.</param>
public sealed record RefundResponse(string RefundId, string OrderNumber, long Amount, string Currency, string Status, long RefundedSoFar, long Paid, string? Reason);
