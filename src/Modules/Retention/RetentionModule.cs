using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Retention;

public static class RetentionModule
{
    public static IServiceCollection AddRetentionModule(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }

    public static IEndpointRouteBuilder MapRetentionModule(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        return endpoints;
    }
}
