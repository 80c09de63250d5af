namespace Ecosystem.Retention.Customers;

public enum AccountStatus { Active, AtRisk, Resolved, Churned }
