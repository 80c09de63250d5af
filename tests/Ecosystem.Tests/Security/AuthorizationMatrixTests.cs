using System.Net;
using System.Text;
using Ecosystem.Platform.Security;
using Ecosystem.Tests.Architecture;
using Ecosystem.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Tests.Security;

/// <summary>
/// Every endpoint of the live route table × every role: anonymous callers get 401 (API) or the login page (pages),
/// roles the endpoint's policy does not admit get 403, admitted roles never get 401/403. New endpoints are covered
/// without writing a test.
/// </summary>
public abstract class AuthorizationMatrixTests(Db db) : AppTest(db)
{
    /// <summary>With a module declared only in the test assembly: its endpoints are walked like the product's.</summary>
    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, services: s => s.AddSampleModule());

    [Fact]
    public async Task Every_endpoint_answers_each_role_as_its_policy_says()
    {
        var clients = await Callers.ForEveryRoleAsync(App);

        var endpoints = RouteTable.Endpoints(App.Services)
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>() is not null || e.Metadata.OfType<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>().Any() || e.Metadata.Any(m => m.GetType().Name.Contains("Page", StringComparison.Ordinal)))
            .OrderBy(e => e.RoutePattern.RawText!.Contains("logout", StringComparison.Ordinal) ? 1 : 0).ThenBy(e => e.RoutePattern.RawText, StringComparer.Ordinal)
            .ToList();
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var endpoint in endpoints)
        {
            var path = RouteTable.PathOf(endpoint);
            var methods = RouteTable.MethodsOf(endpoint);
            var anonymousAllowed = Callers.AllowsAnonymous(endpoint);
            var policies = Callers.PoliciesOf(endpoint);
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
                    var admitted = who != Callers.Anonymous && (policies.Count == 0 || policies.All(p => Callers.Admits(App, p, who)));
                    string? problem = null;
                    if (status >= 500) problem = $"{status}";
                    else if (anonymousAllowed) { }
                    else if (who == Callers.Anonymous)
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
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/sample/things");
    }
}

public sealed class AuthorizationMatrixTests_Sqlite() : AuthorizationMatrixTests(Db.Sqlite);

public sealed class AuthorizationMatrixTests_Postgres() : AuthorizationMatrixTests(Db.Postgres);
