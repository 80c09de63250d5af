namespace Ecosystem.Platform;

/// <summary>
/// How many events of <see cref="EventName"/> the person has; with <see cref="WhenTrue"/>, only those whose metadata
/// property of that name is <c>true</c>.
/// </summary>
public sealed record SummaryCounter(string Field, string EventName, int Order = ProductSummaryFold.CoreOrder.Last)
{
    public string? WhenTrue { get; init; }

    /// <summary>What the person page's counters card calls it ("logins"); without one the counter is in the API only.</summary>
    public string? Label { get; init; }
}
