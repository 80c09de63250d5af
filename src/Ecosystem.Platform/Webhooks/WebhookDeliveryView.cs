namespace Ecosystem.Platform.Webhooks;

/// <summary>A delivery as the admin console and the provider see it. <see cref="Body"/> is filled only for one delivery's detail.</summary>
public sealed record WebhookDeliveryView(
    string Id, string Provider, string? EventId, string? EventType, string Status, DateTimeOffset ReceivedAt, int Attempts, int Redeliveries,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? ProcessedAt, string? Outcome, string? LastError, int BodySize, string? Body)
{
    /// <summary>True for the answer to a request whose event was already received: nothing new was done.</summary>
    public bool Duplicate { get; init; }
}
