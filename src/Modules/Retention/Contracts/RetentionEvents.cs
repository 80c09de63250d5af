namespace Ecosystem.Retention.Contracts;

/// <summary>
/// The events the Retention module publishes (product <see cref="Product"/>). Those about a customer carry their risk
/// state after the change in <see cref="StateProperty"/> (<see cref="RetentionRiskState"/>).
/// </summary>
public static class RetentionEvents
{
    public const string Product = "retention";
    public const string StateProperty = "retention";

    public const string RiskDetected = "com.ecosystem.retention.risk.detected";
    public const string PaymentFailed = "com.ecosystem.retention.payment.failed";
    public const string InterventionStarted = "com.ecosystem.retention.intervention.started";
    public const string ChatMessageSent = "com.ecosystem.retention.chat.message.sent";
    public const string PaymentMethodUpdated = "com.ecosystem.retention.payment-method.updated";
    public const string InterventionCompleted = "com.ecosystem.retention.intervention.completed";
    public const string InterventionAbandoned = "com.ecosystem.retention.intervention.abandoned";
}
