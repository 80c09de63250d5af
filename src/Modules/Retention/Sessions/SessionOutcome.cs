namespace Ecosystem.Retention.Sessions;

public enum SessionOutcome { PaymentUpdated, CustomerDeclined, TechnicalFailure, Abandoned }
