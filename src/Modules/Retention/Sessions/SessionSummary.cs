namespace Ecosystem.Retention.Sessions;

public sealed record SessionSummary(
    string SessionId, string CustomerId, string AdminUserId, string Status, string? Outcome, DateTimeOffset StartTime, DateTimeOffset Deadline,
    DateTimeOffset? EndTime, int? ResolutionTime, bool PaymentAttempted, int PaymentAttempts, string RiskCategory, long AccountValue, string Currency);
