namespace Ecosystem.Retention.Contracts;

/// <summary>The customer's risk state as events carry it in <c>retention</c> (kebab-case values).</summary>
public sealed record RetentionRiskState(string AccountStatus, string? RiskCategory, string? RiskSeverity);
