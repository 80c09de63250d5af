namespace Ecosystem.Platform;

/// <summary>When the person's latest event of <see cref="EventName"/> occurred (null before the first).</summary>
public sealed record SummaryLastAt(string Field, string EventName, int Order = ProductSummaryFold.CoreOrder.Last);
