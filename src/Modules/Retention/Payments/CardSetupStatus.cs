namespace Ecosystem.Retention.Payments;

public enum CardSetupStatus { Succeeded, Declined, InsufficientFunds, ExpiredCard, ProcessingError }
