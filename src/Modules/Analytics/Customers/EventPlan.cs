namespace Ecosystem.Analytics.Customers;

/// <summary>
/// What folding one event name takes, worked out once at start-up: its catalog product and engagement weight and the
/// steps of the folds that care about it. <see cref="NeedsMetadata"/> is false when no step reads the metadata, so
/// such events are folded without parsing it.
/// </summary>
internal sealed record EventPlan(string? Product, int Weight, FoldStep[] Steps, bool NeedsMetadata)
{
    public static readonly EventPlan Unknown = new(null, 1, [], false);
}
