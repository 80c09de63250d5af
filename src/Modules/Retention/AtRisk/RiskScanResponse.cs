namespace Ecosystem.Retention.AtRisk;

public sealed record RiskScanResponse(int Scanned, int NewlyAtRisk, int Regraded, IReadOnlyDictionary<string, int> ByCategory);
