namespace Ecosystem.Platform;

/// <summary>A module's figures for the admin dashboard, registered with <see cref="ModuleBuilder.Dashboard{T}"/>.</summary>
public interface IDashboardContributor
{
    Task<IReadOnlyList<DashboardTile>> GetTilesAsync(CancellationToken cancellationToken);
}
