namespace Ecosystem.Platform;

/// <summary>
/// A property of a product's state snapshot (<see cref="ProductSummaryFold.StateProperty"/>) and the field it answers
/// as; <see cref="Default"/> until a snapshot carries the property (a value of another JSON type counts as missing).
/// </summary>
public sealed record SummaryStateField(string Property, string Field, SummaryValueType Type = SummaryValueType.Text, int Order = ProductSummaryFold.CoreOrder.Last)
{
    public string? Default { get; init; }
}
