namespace Ecosystem.Platform;

/// <summary>A figure on the admin dashboard. Each module contributes its own (<see cref="IDashboardContributor"/>); the host only lays them out.</summary>
public sealed record DashboardTile(string Module, string Label, string Value, string? Sub = null, string? Href = null, int Order = 100);
