namespace Ecosystem.Retention.Customers;

public sealed record CustomerResponse(
    string CustomerId, string UserEcosystemId, string Name, string Email, string? Phone, string Plan, string AccountStatus, string? RiskCategory,
    string? RiskSeverity, DateTimeOffset? RiskDetectedAt, DateTimeOffset? LastPaymentDate, long AccountValue, string Currency, DateTimeOffset CustomerSince);
