using Ecosystem.Platform;

namespace Ecosystem.Analytics.Customers;

/// <summary>A list filter on a product's status, and the status of people without a snapshot.</summary>
internal sealed record Customer360Filter(SummaryStatusFilter Declared, string Product, string? Default)
{
    public string Parameter => Declared.Parameter;
}
