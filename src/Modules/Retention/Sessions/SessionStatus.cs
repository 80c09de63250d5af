namespace Ecosystem.Retention.Sessions;

public enum SessionStatus { Initiated, InProgress, PaymentRequested, PaymentProcessing, Completed, Abandoned }
