using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Analytics.Catalog;

/// <summary>The event catalog (what each event means and must carry) and the quarantine of events that broke it.</summary>
internal static class CatalogEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/event-catalog", List).RequireAuthorization(AnalyticsPolicies.Read).WithName("ListEventCatalog");
        admin.MapGet("/quarantine", Quarantine).RequireAuthorization(AnalyticsPolicies.Read).WithName("ListQuarantine");
    }

    private static async Task<Ok<IReadOnlyList<CatalogEntry>>> List(CatalogQueries catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalog.ListAsync(ct).ConfigureAwait(false));

    private static async Task<Ok<IReadOnlyList<QuarantineEntry>>> Quarantine(int? limit, CatalogQueries catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalog.QuarantineAsync(Math.Clamp(limit ?? 100, 1, 500), ct).ConfigureAwait(false));
}
