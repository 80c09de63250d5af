using Ecosystem.Identity.Auth;
using Ecosystem.Identity.Contracts;
using Ecosystem.Identity.Data;
using Ecosystem.Identity.Hosting;
using Ecosystem.Identity.Passwords;
using Ecosystem.Identity.Sessions;
using Ecosystem.Identity.Users;
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
        services.AddModule("identity", typeof(IdentityModule))
            .Capability(IdentityPolicies.UsersManage, "Create, disable and reset the passwords of accounts.", Roles.Admin, Roles.SuperAdmin)
            .Endpoints((root, api) => root.MapIdentityModule(api))
            .Stylesheet("identity.css")
            .Customer360(IdentityCustomer360.Fold)
            .Navigation(
                new NavLink(NavSection.MyProducts, "Account", "/app/account", "⚙", Policies.SignedIn, 90, "account"),
                new NavLink(NavSection.AdminConsole, "Users", "/admin/users", "☺", IdentityPolicies.UsersManage, 10, "admin-users"));
        services.AddModuleDbContext<IdentityDbContext>("identity");
        services.AddModulePages(typeof(IdentityModule).Assembly, pages =>
        {
            pages.AllowAnonymousToPage("/Login");
            pages.AddPageApplicationModelConvention("/Login", m => m.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(Ecosystem.Platform.Http.RateLimits.Login)));
            pages.AuthorizePage("/App/Account", Policies.SignedIn);
            pages.AuthorizePage("/Admin/Users", IdentityPolicies.UsersManage);
        });
        services.AddScoped<AuthService>();
        services.AddScoped<PasswordService>();
        services.AddScoped<UserService>();
        services.AddScoped<IUserDirectory>(sp => sp.GetRequiredService<UserService>());
        services.AddScoped<SessionValidator>();
        services.AddSingleton<SessionCache>();
        services.AddSingleton(SessionPolicy.From(configuration));
        services.AddEventDefinitions(
            new(IdentityEvents.LoggedIn, "The person logged in (web page or API).", EventCatalogRegistration.Props(("sessionKind", PropertyType.String)), null, 2),
            new("com.ecosystem.user.account.created", "An account was created (demo seed, CLI or admin).", EventCatalogRegistration.Props(("roles", PropertyType.Array))),
            new("com.ecosystem.user.account.disabled", "An administrator disabled the account; its sessions ended.", EventCatalogRegistration.Props()),
            new("com.ecosystem.user.account.enabled", "An administrator enabled the account again.", EventCatalogRegistration.Props()),
            new("com.ecosystem.user.account.password_changed", "The password was changed by the person (byAdmin false) or reset by an administrator; other sessions ended.", EventCatalogRegistration.Props(("byAdmin", PropertyType.Boolean))));
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
