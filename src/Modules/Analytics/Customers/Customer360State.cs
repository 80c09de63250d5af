namespace Ecosystem.Analytics.Customers;

/// <summary>
/// A row being folded: the row, its engagement week buckets and its product summaries (by fold index); its groups are
/// read from the row only when a group call is folded (<see cref="Groups"/> stays null otherwise).
/// </summary>
internal sealed record Customer360State(Customer360Row Row, Dictionary<long, long> Weeks, ProductSummary?[] Summaries)
{
    public Customer360Groups? Groups { get; set; }
}
