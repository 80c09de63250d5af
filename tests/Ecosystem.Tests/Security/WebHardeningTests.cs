using System.Net;
using System.Net.Http.Json;
using System.Text;
using Ecosystem.Platform.Data;
using Ecosystem.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Security;

/// <summary>
/// Browser-facing hardening, checked against the live app: antiforgery on every page form POST (the list comes from
/// the route table), cookie flags, security headers on every kind of response, and request body limits.
/// </summary>
public abstract class WebHardeningTests(Db db) : AppTest(db)
{
    /// <summary>Every Razor page handler that answers POST, from the live endpoint table, as URLs.</summary>
    private async Task<List<string>> PagePostUrlsAsync(string routeValue)
    {
        var urls = new List<string>();
        foreach (var endpoint in RouteTable.Endpoints(App.Services))
        {
            var path = "/" + string.Join("/", endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { IsOptional: true } => "",
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => routeValue,
                _ => "",
            })))).TrimEnd('/');
            foreach (var handler in await RouteTable.PagePostHandlersAsync(App.Services, endpoint))
            {
                urls.Add((path.Length == 0 ? "/" : path) + (handler is null ? "" : "?handler=" + handler + "&id=" + routeValue));
            }
        }

        return urls.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Every_page_form_post_without_an_antiforgery_token_is_rejected_and_changes_nothing()
    {
        var user = await App.UserAsync();
        var userId = (await (await user.GetAsync("/api/me")).Json()).GetProperty("userEcosystemId").GetString()!;
        var urls = await PagePostUrlsAsync(userId);
        Assert.Contains("/login", urls);
        Assert.Contains("/app/account?handler=Password&id=" + userId, urls);
        Assert.True(urls.Count >= 10, "POST handlers found: " + string.Join(", ", urls));

        var browser = new Browser(App);
        await browser.LoginAsync("admin", "admin");
        var form = new Dictionary<string, string>
        {
            ["username"] = "admin", ["password"] = "admin", ["signatureText"] = "I agree", ["amount"] = "1.00", ["merchant"] = "csrf",
            ["currentPassword"] = "admin", ["newPassword"] = "a long new passphrase", ["confirmPassword"] = "a long new passphrase",
            ["name"] = "csrf", ["policy"] = "reject", ["full"] = "true",
        };
        var vendor = new Browser(App); // pages only vendors may open (the marketplace's vendor desk) refuse the admin before the token check
        await vendor.LoginAsync("vendor1", "vendor1");
        var other = new Browser(App);
        await other.LoginAsync("user", "user");
        var someoneElsesToken = await other.FormTokenAsync("/app");
        var before = await SnapshotAsync();
        var failures = new List<string>();
        foreach (var url in urls)
        {
            // Without a form token, and with a valid token that was issued to another person's session.
            foreach (var token in new[] { null, someoneElsesToken })
            {
                var fields = new Dictionary<string, string>(form);
                if (token is not null) fields["__RequestVerificationToken"] = token;
                var response = await browser.SendAsync(HttpMethod.Post, url, new FormUrlEncodedContent(fields));
                if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/error/403")
                {
                    response = await vendor.SendAsync(HttpMethod.Post, url, new FormUrlEncodedContent(fields));
                }

                var rejected = response.StatusCode == HttpStatusCode.BadRequest
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/error/400");
                if (!rejected) failures.Add($"{url}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.True(failures.Count == 0, "accepted without an antiforgery token:\n" + string.Join("\n", failures));
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/app")).StatusCode); // the logout POST did not log out
    }

    [Fact]
    public async Task Cookies_are_HttpOnly_SameSite_and_Secure_over_HTTPS()
    {
        var browser = new Browser(App, "https://localhost");
        await browser.LoginAsync("user", "user");
        await browser.PostFormAsync("/app/card?handler=Sign", new() { ["signatureText"] = "I agree" }, tokenFrom: "/app/card"); // sets the TempData cookie
        var names = browser.SetCookieHeaders.Select(h => h.Split('=', 2)[0]).Distinct().ToList();
        Assert.Contains("eco_session", names);
        Assert.Contains("eco_af", names);
        Assert.Contains(".AspNetCore.Mvc.CookieTempDataProvider", names);
        foreach (var header in browser.SetCookieHeaders.Where(h => !h.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)))
        {
            var name = header.Split('=', 2)[0];
            var flags = header.Split(';').Skip(1).Select(f => f.Trim().ToLowerInvariant()).ToList();
            Assert.True(flags.Contains("secure"), header);
            Assert.True(flags.Any(f => f.StartsWith("samesite=lax", StringComparison.Ordinal) || f.StartsWith("samesite=strict", StringComparison.Ordinal)), header);
            // eco_journey is read by app.js to send X-Journey-Id; it is an id, not a credential.
            if (name != "eco_journey") Assert.True(flags.Contains("httponly"), header);
        }

        Assert.Contains(browser.SetCookieHeaders, h => h.StartsWith("eco_session=", StringComparison.Ordinal) && h.Contains("samesite=lax", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(browser.SetCookieHeaders, h => h.StartsWith("eco_af=", StringComparison.Ordinal) && h.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase));

        var plain = new Browser(App);
        await plain.LoginAsync("user", "user");
        var session = plain.SetCookieHeaders.Single(h => h.StartsWith("eco_session=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", session, StringComparison.OrdinalIgnoreCase); // over plain HTTP a Secure cookie would never come back
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Every_kind_of_response_carries_the_security_headers()
    {
        var browser = new Browser(App, "https://localhost");
        await browser.LoginAsync("admin", "admin");
        var responses = new List<(string What, HttpResponseMessage Response)>
        {
            ("page", await browser.GetAsync("/app")),
            ("admin page", await browser.GetAsync("/admin/users")),
            ("login page", await new Browser(App, "https://localhost").GetAsync("/login")),
            ("static file", await browser.GetAsync("/css/app.css")),
            ("API", await browser.GetAsync("/api/me")),
            ("API 401", await App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") }).GetAsync("/api/me")),
            ("API 404", await browser.GetAsync("/api/nothing-here")),
            ("API 400", await browser.SendAsync(HttpMethod.Post, "/api/cards/me/purchases", new StringContent("{", Encoding.UTF8, "application/json"))),
            ("API 413", await browser.SendAsync(HttpMethod.Post, "/api/cards/me/purchases", new StringContent(new string(' ', 2 * 1024 * 1024), Encoding.UTF8, "application/json"))),
            ("health", await browser.GetAsync("/health/live")),
            ("OpenAPI", await browser.GetAsync("/openapi/v1.json")),
        };
        foreach (var (what, response) in responses)
        {
            var headers = response.Headers;
            string One(string name) => headers.TryGetValues(name, out var v) ? string.Join(",", v) : throw new Xunit.Sdk.XunitException($"{what} ({(int)response.StatusCode}) has no {name}");
            Assert.Equal("nosniff", One("X-Content-Type-Options"));
            Assert.Equal("DENY", One("X-Frame-Options"));
            Assert.Equal("same-origin", One("Referrer-Policy"));
            Assert.StartsWith("max-age=", One("Strict-Transport-Security"));
            var csp = One("Content-Security-Policy").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ').Skip(1).ToList());
            Assert.Equal(["'self'"], csp["script-src"]);
            Assert.Equal(["'none'"], csp["frame-ancestors"]);
            Assert.Equal(["'none'"], csp["object-src"]);
            Assert.DoesNotContain("'unsafe-inline'", csp["default-src"]);
        }

        Assert.False((await new Browser(App).GetAsync("/login")).Headers.Contains("Strict-Transport-Security")); // only over HTTPS
    }

    [Fact]
    public async Task An_oversized_body_is_413_PAYLOAD_TOO_LARGE_with_or_without_a_length_and_writes_nothing()
    {
        var user = await App.UserAsync();
        Assert.Equal(HttpStatusCode.OK, (await user.PostAsJsonAsync("/api/cards/me/signature", new { signatureText = "I agree" })).StatusCode);
        var browser = new Browser(App);
        await browser.LoginAsync("user", "user");
        var before = await SnapshotAsync();
        var big = "{\"amount\":100,\"merchant\":\"" + new string('x', 1100 * 1024) + "\"}";

        var declared = await user.PostAsync("/api/cards/me/purchases", new StringContent(big, Encoding.UTF8, "application/json"));
        var chunked = await user.PostAsync("/api/cards/me/purchases", Chunked(big));
        var batch = await user.PostAsync("/api/events/batch", Chunked("{\"events\":[" + string.Join(",", Enumerable.Repeat("{\"eventName\":\"com.ecosystem.shell.navigation.clicked\"}", 30_000)) + "]}"));
        var form = await browser.SendAsync(HttpMethod.Post, "/app/card?handler=Purchase", new StringContent("amount=1&merchant=" + new string('x', 1100 * 1024), Encoding.UTF8, "application/x-www-form-urlencoded"));
        foreach (var response in new[] { declared, chunked, batch, form })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("PAYLOAD_TOO_LARGE", await response.Code());
        }

        Assert.Equal(before, await SnapshotAsync());
        // Just under the limit still reaches the endpoint (which has its own, smaller field limits).
        var justUnder = await user.PostAsync("/api/cards/me/purchases", new StringContent("{\"amount\":100,\"merchant\":\"" + new string('x', 900 * 1024) + "\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, justUnder.StatusCode);
    }

    private static StreamContent Chunked(string body)
    {
        var content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>Rows in every business table that a form or API call could touch.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var identity = scope.ServiceProvider.GetRequiredService<Ecosystem.Identity.Data.IdentityDbContext>();
        var cards = scope.ServiceProvider.GetRequiredService<Ecosystem.Cards.Data.CardsDbContext>();
        var users = await identity.Users.AsNoTracking().OrderBy(u => u.UserEcosystemId).Select(u => u.UserEcosystemId + u.Status + u.PasswordHash + u.Version).ToListAsync();
        return string.Join("|",
            await platform.AuditLog.CountAsync(), await platform.Outbox.CountAsync(), await cards.Purchases.CountAsync(),
            await identity.Sessions.CountAsync(s => s.RevokedAt != null), string.Join(",", users));
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}

public sealed class WebHardeningTests_Sqlite() : WebHardeningTests(Db.Sqlite);

public sealed class WebHardeningTests_Postgres() : WebHardeningTests(Db.Postgres);
