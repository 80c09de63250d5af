namespace Ecosystem.Campaigns.Targets;

/// <summary>One row of an upload as given: its line, the number as typed, a name, the variables, the person it is (if known).</summary>
internal sealed record TargetRow(int Line, string? Number, string? Name, IReadOnlyList<string?> Variables, string? UserEcosystemId);
