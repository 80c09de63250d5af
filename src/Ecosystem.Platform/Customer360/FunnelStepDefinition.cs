namespace Ecosystem.Platform;

/// <summary>One step of a <see cref="FunnelDefinition"/>: the event that reaches it and what people call it.</summary>
public sealed record FunnelStepDefinition(string EventName, string Label);
