namespace Ecosystem.Retention.Metrics;

public sealed record MoneyAmount(long Amount, string Currency);
