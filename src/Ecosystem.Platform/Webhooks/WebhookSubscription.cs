namespace Ecosystem.Platform.Webhooks;

/// <summary>A module's handler for some of a provider's event types (all of them when <see cref="EventTypes"/> is empty).</summary>
public sealed record WebhookSubscription(string Module, string Provider, IReadOnlyList<string> EventTypes, Type HandlerType)
{
    public string Name => Module + ":" + HandlerType.Name;

    public bool Matches(string provider, string? eventType) =>
        string.Equals(provider, Provider, StringComparison.Ordinal) && (EventTypes.Count == 0 || (eventType is not null && EventTypes.Contains(eventType, StringComparer.Ordinal)));
}
