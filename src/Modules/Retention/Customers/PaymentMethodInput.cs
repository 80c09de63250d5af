namespace Ecosystem.Retention.Customers;

public sealed record PaymentMethodInput(string? CardType, string? LastFourDigits, int? ExpiryMonth, int? ExpiryYear, int? FailureCount, DateTimeOffset? LastFailureDate);
