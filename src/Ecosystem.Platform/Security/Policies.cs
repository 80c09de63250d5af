using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Authorization;

namespace Ecosystem.Platform.Security;

public static class Roles
{
    public const string User = "user";
    public const string Client = "client";
    public const string Admin = "admin";
    public const string SuperAdmin = "super_admin";
    public const string Finance = "finance";
    public const string Support = "support";
    public const string DataOps = "data_ops";
    public const string ReadOnly = "readonly";
    public const string StationOperator = "station_operator";
    public const string Supervisor = "supervisor";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        User, Client, Admin, SuperAdmin, Finance, Support, DataOps, ReadOnly, StationOperator, Supervisor,
    };
}

/// <summary>
/// Policies are named by capability. Platform's own are here; each module declares its own capabilities and their roles
/// from its <c>AddXModule</c> (<see cref="ModuleBuilder.Capability"/>), and <see cref="Capabilities"/> is the whole table.
/// Every endpoint names one of them (or explicitly allows anonymous access); an endpoint that names none is denied by
/// the fallback policy.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in, active person: their own profile, their own card, their own events.</summary>
    public const string SignedIn = "signed-in";
    public const string AuditRead = "audit:read";
    public const string AdminConsole = "admin:console";

    /// <summary>The webhook inbox: every provider's deliveries, their bodies, and replay.</summary>
    public const string WebhooksManage = "webhooks:manage";

    /// <summary>The notification outbox: every message sent or queued, as its recipient sees it.</summary>
    public const string NotificationsRead = "notifications:read";

    /// <summary>Sending analytics events: a signed-in person (their own events) or a source with a write key.</summary>
    public const string EventsIngest = "events:ingest";

    /// <summary>The Segment-compatible API: only a source with a write key (HTTP Basic), never a session.</summary>
    public const string SourceIngest = "events:source";

    /// <summary>Reading a person's Customer 360: the person themself, or analytics readers (checked per object).</summary>
    public const string CustomerRead = SignedIn;

    /// <summary>Platform's capabilities, registered like any module's.</summary>
    internal static void AddPlatformCapabilities(IServiceCollection services) =>
        services.AddModule("platform", typeof(Policies))
            .Capability(AuditRead, "Read the audit log and the event stream.", Roles.Admin, Roles.SuperAdmin, Roles.ReadOnly)
            .Capability(AdminConsole, "Open the admin console.", Roles.Admin, Roles.SuperAdmin, Roles.Support, Roles.ReadOnly, Roles.Finance, Roles.DataOps)
            .Capability(WebhooksManage, "See the webhooks received from payment and messaging providers, and replay one.", Roles.Admin, Roles.SuperAdmin)
            .Capability(NotificationsRead, "See the e-mails, text messages and WhatsApp messages sent to people.", Roles.Admin, Roles.SuperAdmin, Roles.Support);

    public static void Configure(AuthorizationOptions options)
    {
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser());
        options.AddPolicy(EventsIngest, p => p.AddAuthenticationSchemes(EcosystemClaims.Scheme, EcosystemClaims.WriteKeyScheme).RequireAuthenticatedUser());
        options.AddPolicy(SourceIngest, p => p.AddAuthenticationSchemes(EcosystemClaims.WriteKeyScheme).RequireAuthenticatedUser().RequireClaim("write_key_id"));

        // Anything that forgot to declare a policy is closed, not open.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().AddRequirements(new UndeclaredEndpointRequirement()).Build();
    }
}

public static class EcosystemClaims
{
    public const string Scheme = "EcosystemSession";
    public const string WriteKeyScheme = "WriteKey";
    public const string UserEcosystemId = "sub";
    public const string Username = "name";
    public const string DisplayName = "display_name";
    public const string Role = "role";
    public const string SessionId = "sid";
}

/// <summary>
/// The fallback policy: an endpoint that declares no policy is denied. Requests that matched no endpoint (they end
/// as 404) and the framework's own 405/415 rejection endpoints pass, so callers get the honest status.
/// </summary>
public sealed class UndeclaredEndpointRequirement : AuthorizationHandler<UndeclaredEndpointRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, UndeclaredEndpointRequirement requirement)
    {
        var endpoint = (context.Resource as HttpContext)?.GetEndpoint();
        if (endpoint is null || endpoint.DisplayName is "405 HTTP Method Not Supported" or "415 HTTP Unsupported Media Type")
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
