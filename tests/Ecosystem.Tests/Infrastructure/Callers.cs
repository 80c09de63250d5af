using System.Net.Http.Headers;
using System.Text;
using Ecosystem.Identity.Users;
using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Infrastructure;

/// <summary>
/// One signed-in API client per role (plus anonymous and an ingestion source with a write key), and the rule which
/// of them an endpoint's policies admit. Shared by the generated suites that walk the live route table.
/// </summary>
public static class Callers
{
    public const string Anonymous = "anonymous";
    public const string Source = "source";
    private const string Password = "matrix-password-1";

    /// <summary>The platform's roles and those modules declare with their capabilities (e.g. the marketplace's <c>vendor</c>).</summary>
    public static IReadOnlyList<string> RolesToTry(EcosystemApp app) => [.. app.Services.GetRequiredService<Capabilities>().KnownRoles.Order(StringComparer.Ordinal)];

    /// <summary>Creates a <c>matrix-&lt;role&gt;</c> account for every role and logs each in with a bearer token.</summary>
    public static async Task<Dictionary<string, HttpClient>> ForEveryRoleAsync(EcosystemApp app)
    {
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal) { [Anonymous] = NewClient(app) };
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var op = scope.ServiceProvider.GetRequiredService<OperationContext>();
            op.ActorId = "test";
            var identity = scope.ServiceProvider.GetRequiredService<UserService>();
            foreach (var role in RolesToTry(app))
            {
                var created = await identity.CreateAsync(UserName(role), role + "@example.com", null, Password, [role], CancellationToken.None);
                Assert.True(created.IsSuccess, created.Error?.Message);
            }
        }

        foreach (var role in RolesToTry(app))
        {
            var client = NewClient(app);
            var login = await (await client.PostAsync("/api/auth/login", new StringContent($$"""{"username":"{{UserName(role)}}","password":"{{Password}}"}""", Encoding.UTF8, "application/json"))).Json();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
            clients[role] = client;
        }

        return clients;
    }

    public static HttpClient NewClient(EcosystemApp app) => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public static string UserName(string role) => "matrix-" + role.Replace('_', '-');

    /// <summary>The policies an endpoint names (empty when it names none).</summary>
    public static IReadOnlyList<string> PoliciesOf(Endpoint endpoint) =>
        [.. endpoint.Metadata.OfType<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).Select(p => p!).Distinct()];

    public static bool AllowsAnonymous(Endpoint endpoint) => endpoint.Metadata.OfType<IAllowAnonymous>().Any();

    /// <summary>Whether a session caller with <paramref name="role"/> passes <paramref name="policy"/>.</summary>
    public static bool Admits(EcosystemApp app, string policy, string role) => policy switch
    {
        Policies.SignedIn or Policies.EventsIngest => true,
        _ => app.Services.GetRequiredService<Capabilities>().Allows(policy, [role]),
    };

    /// <summary>Who should call an endpoint to get past authorization: anonymous, the source, or the first admitted role (user first, then admin).</summary>
    public static string AdmittedCaller(EcosystemApp app, Endpoint endpoint)
    {
        if (AllowsAnonymous(endpoint)) return Anonymous;
        var policies = PoliciesOf(endpoint);
        if (policies.Contains(Policies.SourceIngest)) return Source;
        return new[] { Roles.User, Roles.Admin }.Concat(RolesToTry(app)).First(r => policies.All(p => Admits(app, p, r)));
    }
}
