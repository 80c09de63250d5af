namespace Ecosystem.Retention.PaymentFailures;

public sealed record PaymentFailureResponse(
    string PaymentFailureId, string CustomerId, string PaymentMethodId, long Amount, string Currency, string Reason, string Source, DateTimeOffset OccurredAt,
    int FailureCount, string AccountStatus, string? RiskCategory, string? RiskSeverity);
