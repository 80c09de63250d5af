using System.Net;
using System.Text;
using Ecosystem.Identity;
using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Ecosystem.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Security;

/// <summary>
/// Every endpoint of the live route table × every role: anonymous callers get 401 (API) or the login page (pages),
/// roles the endpoint's policy does not admit get 403, admitted roles never get 401/403. New endpoints are covered
/// without writing a test.
/// </summary>
public abstract class AuthorizationMatrixTests(Db db) : AppTest(db)
{
    private static readonly string[] RolesToTry = [.. Roles.All.Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Every_endpoint_answers_each_role_as_its_policy_says()
    {
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal) { ["anonymous"] = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }) };
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var op = scope.ServiceProvider.GetRequiredService<OperationContext>();
            op.ActorId = "test";
            var identity = scope.ServiceProvider.GetRequiredService<IdentityService>();
            foreach (var role in RolesToTry)
            {
                var created = await identity.CreateAsync("matrix-" + role.Replace('_', '-'), role + "@example.com", null, "matrix-password-1", [role], CancellationToken.None);
                Assert.True(created.IsSuccess, created.Error?.Message);
            }
        }

        foreach (var role in RolesToTry)
        {
            var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var login = await (await client.PostAsync("/api/auth/login", new StringContent($$"""{"username":"matrix-{{role.Replace('_', '-')}}","password":"matrix-password-1"}""", Encoding.UTF8, "application/json"))).Json();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
            clients[role] = client;
        }

        var endpoints = App.Services.GetRequiredService<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>() is not null || e.Metadata.OfType<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>().Any() || e.Metadata.Any(m => m.GetType().Name.Contains("Page", StringComparison.Ordinal)))
            .OrderBy(e => e.RoutePattern.RawText!.Contains("logout", StringComparison.Ordinal) ? 1 : 0).ThenBy(e => e.RoutePattern.RawText, StringComparer.Ordinal)
            .ToList();
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var endpoint in endpoints)
        {
            var route = endpoint.RoutePattern;
            var path = "/" + string.Join("/", route.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p2 when p2.IsOptional => "",
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p2 when p2.Name == "code" => "404",
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => "usr_0000000000000000000000000matrix",
                _ => "",
            })))).TrimEnd('/');
            if (path.Length == 0) path = "/";
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var anonymousAllowed = endpoint.Metadata.OfType<IAllowAnonymous>().Any();
            var policies = endpoint.Metadata.OfType<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).Select(p => p!).Distinct().ToList();
            var isApi = Ecosystem.Platform.Http.ApiPaths.IsApi(new Microsoft.AspNetCore.Http.PathString(path));

            foreach (var method in methods.Where(m => m is "GET" or "POST" or "DELETE" or "PUT" or "PATCH"))
            {
                foreach (var (who, client) in clients)
                {
                    // Pages' POST handlers need antiforgery tokens; their authorization is the page's GET.
                    if (!isApi && method != "GET") continue;
                    using var request = new HttpRequestMessage(new HttpMethod(method), path);
                    if (method != "GET" && method != "DELETE") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    var response = await client.SendAsync(request);
                    var status = (int)response.StatusCode;
                    checkedCount++;
                    var admitted = who != "anonymous" && (policies.Count == 0 || policies.All(p => Admits(p, who)));
                    string? problem = null;
                    if (status >= 500) problem = $"{status}";
                    else if (anonymousAllowed) { }
                    else if (who == "anonymous")
                    {
                        var toLogin = status is 302 && response.Headers.Location?.OriginalString.StartsWith("/login", StringComparison.Ordinal) == true;
                        if (isApi ? status != 401 : !toLogin) problem = $"anonymous got {status}";
                    }
                    else if (policies.Contains(Policies.SourceIngest))
                    {
                        if (status != 401) problem = $"a session caller on a write-key endpoint got {status}";
                    }
                    else if (admitted && status is 401 or 403) problem = $"admitted role got {status}";
                    else if (!admitted && (isApi ? status != 403 : !(status == 302 && response.Headers.Location?.OriginalString == "/error/403"))) problem = $"role without the capability got {status}";
                    if (problem is not null) failures.Add($"{method} {path} as {who}: {problem} (policies: {string.Join(",", policies)})");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedCount} calls wrong:\n" + string.Join("\n", failures));
        Assert.True(checkedCount > 200, $"only {checkedCount} calls checked");
    }

    private static bool Admits(string policy, string role) => policy switch
    {
        Policies.SignedIn or Policies.EventsIngest => true,
        _ => Policies.Allows(policy, [role]),
    };
}

public sealed class AuthorizationMatrixTests_Sqlite() : AuthorizationMatrixTests(Db.Sqlite);

public sealed class AuthorizationMatrixTests_Postgres() : AuthorizationMatrixTests(Db.Postgres);
