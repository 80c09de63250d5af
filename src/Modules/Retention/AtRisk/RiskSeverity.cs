namespace Ecosystem.Retention.AtRisk;

public enum RiskSeverity { Low, Medium, High }
