namespace Ecosystem.Platform.Webhooks;

/// <summary>What a provider's verifier made of a request: the event's id and type, or why it was refused.</summary>
public sealed record WebhookVerification(string? EventId, string? EventType, string? FailureCode, string? Reason)
{
    public bool IsValid => FailureCode is null && EventId is not null;

    public static WebhookVerification Accept(string eventId, string? eventType) => new(eventId, eventType, null, null);

    public static WebhookVerification Refuse(string code, string reason) => new(null, null, code, reason);
}
