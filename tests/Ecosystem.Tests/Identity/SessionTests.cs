using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Ecosystem.Identity.Data;
using Ecosystem.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Identity;

/// <summary>
/// Session lifetimes (idle 30 min, absolute 12 h by default), the throttled last-seen write, id rotation at login
/// (no session fixation) and revocation by logout.
/// </summary>
public abstract class SessionTests(Db db) : AppTest(db)
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, services: s => EcosystemApp.UseClock(s, clock));

    [Fact]
    public async Task A_bearer_token_idle_longer_than_the_idle_timeout_is_401()
    {
        var client = await App.UserAsync();
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(29)); // 58 minutes after login, 29 after the last request
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("UNAUTHENTICATED", await expired.Code());
    }

    [Fact]
    public async Task A_session_revoked_by_another_instance_is_refused_once_the_validation_cache_lifetime_has_passed()
    {
        var client = await App.UserAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);

        // Another instance (same database) revokes every session: this instance has none of its in-process signals.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var now = clock.GetUtcNow();
            await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Sessions.ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now));
        }

        clock.Advance(Ecosystem.Identity.Sessions.SessionCache.Lifetime);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public void A_validation_read_that_raced_an_invalidation_is_not_cached()
    {
        var cache = new Ecosystem.Identity.Sessions.SessionCache();
        var now = clock.GetUtcNow();
        var session = new Ecosystem.Identity.Sessions.ValidSession("ses_1", now, now.AddHours(1), "usr_1", "user", "User", "user");
        var readAt = cache.Generation;
        cache.Invalidate(); // a logout commits while the read is in flight
        cache.Put("hash", session, readAt, now);
        Assert.Null(cache.Get("hash", now));

        cache.Put("hash", session, cache.Generation, now);
        Assert.Equal(session, cache.Get("hash", now));
        Assert.Null(cache.Get("hash", now + Ecosystem.Identity.Sessions.SessionCache.Lifetime));
    }

    [Fact]
    public async Task An_active_session_still_ends_at_the_absolute_timeout()
    {
        var client = await App.UserAsync();
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.75); elapsed += TimeSpan.FromMinutes(15))
        {
            clock.Advance(TimeSpan.FromMinutes(15));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(16)); // 12 h 1 min after login, 16 min after the last request
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task An_idle_cookie_session_redirects_pages_to_the_login_and_drops_the_cookie()
    {
        var browser = new Browser(App);
        await browser.LoginAsync("user", "user");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/app")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(31));
        var page = await browser.GetAsync("/app/card");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login?returnUrl=", page.Headers.Location!.OriginalString);
        Assert.Null(browser.Cookie("eco_session"));
    }

    [Fact]
    public async Task The_last_seen_time_is_written_at_most_once_a_minute()
    {
        var client = await App.UserAsync();
        var loggedInAt = await LastSeenAsync();
        Assert.Equal(clock.GetUtcNow(), loggedInAt);
        clock.Advance(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        Assert.Equal(loggedInAt, await LastSeenAsync());
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        Assert.Equal(clock.GetUtcNow(), await LastSeenAsync());
    }

    [Fact]
    public async Task Login_never_reuses_a_session_id_the_browser_had_before()
    {
        // A value planted before login (session fixation) is not adopted: the login issues a fresh, random id.
        var victim = new Browser(App);
        victim.SetCookie("eco_session", "eco_planted-by-an-attacker-0123456789abcdefghij");
        await victim.LoginAsync("user", "user");
        var issued = victim.Cookie("eco_session");
        Assert.NotEqual("eco_planted-by-an-attacker-0123456789abcdefghij", issued);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer("eco_planted-by-an-attacker-0123456789abcdefghij").GetAsync("/api/me")).StatusCode);

        // A real session the browser carried (the attacker's own, planted; or the person's earlier one) ends at the login.
        var attacker = await App.AdminAsync();
        var attackerToken = attacker.DefaultRequestHeaders.Authorization!.Parameter!;
        var browser = new Browser(App);
        browser.SetCookie("eco_session", attackerToken);
        var response = await browser.PostFormAsync("/login", new() { ["username"] = "user", ["password"] = "user" }, tokenFrom: "/app");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mine = browser.Cookie("eco_session")!;
        Assert.NotEqual(attackerToken, mine);
        Assert.Equal("user", (await (await Bearer(mine).GetAsync("/api/me")).Json()).GetProperty("username").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(attackerToken).GetAsync("/api/me")).StatusCode);

        var again = await browser.PostFormAsync("/login", new() { ["username"] = "user", ["password"] = "user" }, tokenFrom: "/app");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.NotEqual(mine, browser.Cookie("eco_session"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(mine).GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Logout_ends_this_session_and_logout_everywhere_ends_every_cookie_and_token_at_once()
    {
        var phone = await App.UserAsync();
        var laptop = await App.UserAsync();
        var browser = new Browser(App);
        await browser.LoginAsync("user", "user");

        Assert.Equal(HttpStatusCode.NoContent, (await phone.PostAsync("/api/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/app")).StatusCode);

        var admin = await App.AdminAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await laptop.PostAsync("/api/auth/logout?everywhere=true", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/app")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/me")).StatusCode); // someone else's session is untouched
    }

    [Fact]
    public async Task The_account_page_logs_out_everywhere()
    {
        var api = await App.UserAsync();
        var browser = new Browser(App);
        await browser.LoginAsync("user", "user");
        var response = await browser.PostFormAsync("/app/account?handler=LogoutEverywhere", [], tokenFrom: "/app/account");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/me")).StatusCode);
    }

    private HttpClient Bearer(string token)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<DateTimeOffset> LastSeenAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        return await db.Sessions.AsNoTracking().Where(s => s.RevokedAt == null).OrderByDescending(s => s.CreatedAt).Select(s => s.LastSeenAt).FirstAsync();
    }
}

public sealed class SessionTests_Sqlite() : SessionTests(Db.Sqlite);

public sealed class SessionTests_Postgres() : SessionTests(Db.Postgres);

public sealed class SessionTimeoutSettingsTests() : AppTest(Db.Sqlite)
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db,
        settings: new() { ["Ecosystem:Sessions:IdleMinutes"] = "5", ["Ecosystem:Sessions:AbsoluteHours"] = "1" },
        services: s => EcosystemApp.UseClock(s, clock));

    [Fact]
    public async Task The_timeouts_are_configurable_and_login_reports_the_absolute_expiry()
    {
        var login = await (await App.CreateClient().PostAsJsonAsync("/api/auth/login", new { username = "user", password = "user" })).Json();
        Assert.Equal(clock.GetUtcNow().AddHours(1), login.GetProperty("expiresAt").GetDateTimeOffset());
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }
}
