namespace Ecosystem.Retention.PaymentFailures;

/// <summary>A failed charge to record (<c>POST /api/retention/customers/{id}/payment-failures</c>): amount in minor units.</summary>
public sealed record PaymentFailureRequest(long? Amount, string? Currency, string? Reason);
