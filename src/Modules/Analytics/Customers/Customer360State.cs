namespace Ecosystem.Analytics.Customers;

/// <summary>A row being folded: the row, its engagement week buckets and its product summaries (by fold index).</summary>
internal sealed record Customer360State(Customer360Row Row, Dictionary<long, long> Weeks, ProductSummary?[] Summaries);
