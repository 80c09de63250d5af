namespace Ecosystem.Retention.Customers;

public sealed record PaymentMethodResponse(
    string PaymentMethodId, string CardType, string LastFourDigits, int ExpiryMonth, int ExpiryYear, string Status, int FailureCount,
    DateTimeOffset? LastFailureDate, DateTimeOffset? LastSuccessDate, bool IsDefault, string Gateway, DateTimeOffset CreatedAt);
