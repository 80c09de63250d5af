namespace Ecosystem.Retention.Metrics;

public sealed record MetricsDay(DateOnly Day, int Interventions, int Successes);
