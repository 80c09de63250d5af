namespace Ecosystem.Retention.Customers;

public enum PaymentMethodStatus { Active, Expired, Failed, Invalid }
