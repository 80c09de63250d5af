using Ecosystem.Identity.Auth;
using Ecosystem.Identity.Contracts;
using Ecosystem.Identity.Data;
using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Identity;

public static class IdentityModule
{
    public static IServiceCollection AddIdentityModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<IdentityDbContext>("identity");
        services.AddModulePages(typeof(IdentityModule).Assembly, pages =>
        {
            pages.AllowAnonymousToPage("/Login");
            pages.AuthorizePage("/Admin/Users", Policies.UsersManage);
        });
        services.AddScoped<IdentityService>();
        services.AddScoped<IUserDirectory>(sp => sp.GetRequiredService<IdentityService>());
        services.AddScoped<SessionValidator>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<IDemoSeeder, IdentityDemoSeeder>();
        services.AddSingleton<ICliCommand, UsersAddCommand>();
        services.AddScoped<IDashboardContributor, IdentityDashboard>();
        services.AddAuthentication(EcosystemClaims.Scheme)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(EcosystemClaims.Scheme, null);
        return services;
    }

    public static IEndpointRouteBuilder MapIdentityModule(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        api.MapAuthApi();
        api.MapAdminUsersApi();
        return endpoints;
    }
}
