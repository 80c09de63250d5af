namespace Ecosystem.Platform;

/// <summary>
/// The Customer 360 list filter on a product's status: query parameter <see cref="Parameter"/> takes one of
/// <see cref="Values"/> and matches people whose state property <see cref="Property"/> has that value (its
/// <see cref="SummaryStateField.Default"/> for people without a snapshot).
/// </summary>
public sealed record SummaryStatusFilter(string Parameter, string Property, IReadOnlyList<string> Values)
{
    /// <summary>The filter's label on the admin pages.</summary>
    public string? Label { get; init; }
}
