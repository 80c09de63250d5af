namespace Ecosystem.Platform;

/// <summary>When the person's latest event of <see cref="EventName"/> occurred (null before the first).</summary>
public sealed record SummaryLastAt(string Field, string EventName, int Order = ProductSummaryFold.CoreOrder.Last)
{
    /// <summary>What the person page's activity card calls it ("Last purchase"); without one it is in the API only.</summary>
    public string? Label { get; init; }
}
