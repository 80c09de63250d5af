namespace Ecosystem.Analytics.Customers;

/// <summary>
/// One thing an event does to one product summary: <see cref="FoldStepKind.Touch"/> (first and last activity, and the
/// state snapshot when the fold keeps one), or counter / last-at number <see cref="Index"/> of fold <see cref="Fold"/>.
/// </summary>
internal readonly record struct FoldStep(int Fold, FoldStepKind Kind, int Index, string? WhenTrue = null);
