namespace Ecosystem.Retention.Metrics;

public sealed record MetricsResponse(
    DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, int TotalInterventions, int SuccessfulResolutions, double? AverageResolutionTime,
    double CustomerRetentionRate, IReadOnlyList<MoneyAmount> RevenueRetained, IReadOnlyDictionary<string, int> Outcomes, IReadOnlyList<MetricsDay> Daily);
