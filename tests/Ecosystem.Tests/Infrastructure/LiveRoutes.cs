using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Infrastructure;

/// <summary>The live route table, for tests generated from it (new endpoints and page handlers are covered without new tests).</summary>
public static class LiveRoutes
{
    public static IReadOnlyList<RouteEndpoint> Endpoints(EcosystemApp app) =>
        app.Services.GetRequiredService<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().ToList();

    /// <summary>A Razor page's handlers that answer POST (their names; null for plain <c>OnPost</c>). Empty for anything else.</summary>
    public static async Task<IReadOnlyList<string?>> PagePostHandlersAsync(EcosystemApp app, RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page) return [];
        var compiled = await app.Services.GetRequiredService<PageLoader>().LoadAsync(page, endpoint.Metadata);
        return compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)).Select(h => h.Name).ToList();
    }
}
