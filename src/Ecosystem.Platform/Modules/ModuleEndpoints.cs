using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Platform;

/// <summary>A module's API, mapped under <c>/api</c> by <see cref="ModuleBuilder.MapModules"/> with everyone else's.</summary>
public sealed record ModuleEndpoints(string Module, Action<IEndpointRouteBuilder, RouteGroupBuilder> Map);
