namespace Ecosystem.Platform;

/// <summary>Who is acting and in which journey: set once per request (or CLI run), read by audit and events.</summary>
public sealed class OperationContext
{
    public string ActorId { get; set; } = "anonymous";
    public string ActorRole { get; set; } = "anonymous";
    public string? JourneyId { get; set; }
    public string Channel { get; set; } = "web";
    public bool IsAuthenticated => ActorId != "anonymous";
}
