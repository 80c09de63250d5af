using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Infrastructure;

/// <summary>The live route table of a running product, for suites that cover every endpoint without listing them.</summary>
public static class RouteTable
{
    /// <summary>An id of nobody: object endpoints called with it answer 404.</summary>
    public const string NobodysId = "usr_0000000000000000000000000matrix";

    public static IReadOnlyList<RouteEndpoint> Endpoints(IServiceProvider services) =>
        [.. services.GetRequiredService<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()];

    /// <summary>A Razor page's handlers that answer POST (their names; null for plain <c>OnPost</c>). Empty for anything else.</summary>
    public static async Task<IReadOnlyList<string?>> PagePostHandlersAsync(IServiceProvider services, RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page) return [];
        var compiled = await services.GetRequiredService<PageLoader>().LoadAsync(page, endpoint.Metadata);
        return compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)).Select(h => h.Name).ToList();
    }

    public static IReadOnlyList<string> MethodsOf(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToList() ?? ["GET"];

    /// <summary>A concrete path: optional parameters dropped, <c>{code}</c> = 404, other parameters from <paramref name="value"/> or <see cref="NobodysId"/>.</summary>
    public static string PathOf(RouteEndpoint endpoint, Func<string, string?>? value = null)
    {
        var path = "/" + string.Join("/", endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart l => l.Content,
            RoutePatternParameterPart p2 when p2.IsOptional => "",
            RoutePatternParameterPart p2 when p2.Name == "code" => "404",
            RoutePatternParameterPart p2 => value?.Invoke(p2.Name) ?? NobodysId,
            _ => "",
        })))).TrimEnd('/');
        return path.Length == 0 ? "/" : path;
    }
}
