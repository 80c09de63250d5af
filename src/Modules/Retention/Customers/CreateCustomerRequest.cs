namespace Ecosystem.Retention.Customers;

public sealed record CreateCustomerRequest(
    string? Name, string? Email, string? Phone, string? Plan, long? AccountValue, string? Currency, DateTimeOffset? CustomerSince,
    DateTimeOffset? LastPaymentDate, string? Username, PaymentMethodInput? PaymentMethod);
