namespace Ecosystem.Campaigns.Targets;

/// <summary>A target in a JSON upload: the number (any common format), a name, the variables for <c>{{1}}</c>… and optionally the person it is.</summary>
public sealed record TargetInput(string? Msisdn, string? Name, IReadOnlyList<string?>? Variables, string? UserEcosystemId);
