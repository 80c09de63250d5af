namespace Ecosystem.Retention.AtRisk;

public enum RiskCategory { ExpiringCard, FailedPayment }
