using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Ecosystem.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Tests.Security;

/// <summary>Request-rate limits on the endpoints anyone can call: login (per IP) and /v1 ingestion (per write key).</summary>
public abstract class RateLimitTests(Db db) : AppTest(db)
{
    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, settings: new()
    {
        ["Ecosystem:RateLimits:LoginPerMinute"] = "4",
        ["Ecosystem:RateLimits:IngestionPerMinute"] = "3",
    });

    [Fact]
    public async Task Login_posts_over_the_limit_are_429_RATE_LIMITED_with_Retry_After_and_page_views_do_not_count()
    {
        var client = App.CreateClient();
        var browser = new Browser(App);
        for (var i = 0; i < 10; i++) Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", new { username = "user", password = "user" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "admin" })).StatusCode);
        await browser.LoginAsync("user", "user"); // the page counts too
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", new { username = "user", password = "user" })).StatusCode);

        var limited = await client.PostAsJsonAsync("/api/auth/login", new { username = "user", password = "user" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal("RATE_LIMITED", await limited.Code());
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        var page = await new Browser(App).PostFormAsync("/login", new() { ["username"] = "user", ["password"] = "user" }, tokenFrom: "/login");
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);

        for (var i = 0; i < 20; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var signedIn = await browser.GetAsync("/api/me"); // signed-in traffic is not limited
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task Segment_ingestion_is_limited_per_write_key_and_the_first_party_events_API_is_not()
    {
        var admin = await App.AdminAsync();
        async Task<HttpClient> Source()
        {
            var created = await (await admin.PostAsJsonAsync("/api/admin/write-keys", new { name = "rl-" + Guid.NewGuid().ToString("N")[..6], policy = "reject" })).Json();
            var client = App.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(created.GetProperty("writeKey").GetString() + ":")));
            return client;
        }

        var a = await Source();
        var b = await Source();
        StringContent Track(int i) => new($$"""{"type":"track","event":"com.ecosystem.shell.navigation.clicked","userId":"usr_rl","messageId":"rl-{{i}}-{{Guid.NewGuid():N}}"}""", Encoding.UTF8, "application/json");
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await a.PostAsync("/v1/track", Track(i))).StatusCode);
        var limited = await a.PostAsync("/v1/track", Track(9));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("RATE_LIMITED", await limited.Code());
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, (await b.PostAsync("/v1/track", Track(10))).StatusCode);

        for (var i = 0; i < 6; i++)
        {
            var single = await a.PostAsJsonAsync("/api/events", new { eventName = "com.ecosystem.shell.navigation.clicked", userEcosystemId = "usr_rl", metadata = new { target = "x" } });
            Assert.Equal(HttpStatusCode.Accepted, single.StatusCode);
        }
    }
}

public sealed class RateLimitTests_Sqlite() : RateLimitTests(Db.Sqlite);

public sealed class RateLimitTests_Postgres() : RateLimitTests(Db.Postgres);

/// <summary>Generated from the live route table: nothing anonymous that accepts a POST is left without a rate limit.</summary>
public sealed class RateLimitCoverageTests() : AppTest(Db.Sqlite)
{
    [Fact]
    public async Task Every_anonymous_endpoint_that_accepts_POST_is_rate_limited()
    {
        var missing = new List<string>();
        var found = 0;
        foreach (var endpoint in RouteTable.Endpoints(App.Services))
        {
            if (!endpoint.Metadata.OfType<IAllowAnonymous>().Any()) continue;
            var posts = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true
                || (await RouteTable.PagePostHandlersAsync(App.Services, endpoint)).Count > 0;
            if (!posts) continue;
            found++;
            if (endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>() is null) missing.Add(endpoint.RoutePattern.RawText ?? endpoint.DisplayName ?? "?");
        }

        Assert.True(found >= 2, "expected at least the login API and page");
        Assert.True(missing.Count == 0, "anonymous POST endpoints without a rate limit: " + string.Join(", ", missing));
    }
}
