using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Ecosystem.Host;
using Ecosystem.Tests.Infrastructure;

namespace Ecosystem.Tests.Identity;

public abstract class AuthTests(Db db) : AppTest(db)
{
    private Task<HttpResponseMessage> Login(string username, string password, HttpClient? client = null) =>
        (client ?? App.CreateClient()).PostAsJsonAsync("/api/auth/login", new { username, password });

    [Fact]
    public async Task Login_returns_an_opaque_bearer_token_and_the_user()
    {
        var response = await Login("user", "user");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Json();
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.True(body.GetProperty("accessToken").GetString()!.Length > 30);
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        var user = body.GetProperty("user");
        Assert.StartsWith("usr_", user.GetProperty("userEcosystemId").GetString());
        Assert.Equal("user", user.GetProperty("username").GetString());
        Assert.Equal(["user"], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("active", user.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("user", "wrong")]
    [InlineData("nobody", "user")]
    [InlineData("USER", "User")]
    public async Task Wrong_credentials_are_401_INVALID_CREDENTIALS(string username, string password)
    {
        var response = await Login(username, password);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("INVALID_CREDENTIALS", await response.Code());
    }

    [Fact]
    public async Task Me_returns_the_caller_and_logout_ends_the_token_at_once()
    {
        var client = await App.UserAsync();
        var me = await (await client.GetAsync("/api/me")).Json();
        Assert.Equal("user", me.GetProperty("username").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_garbage_token_is_401()
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eco_not-a-real-token-at-all-xxxxxxxxxxxxx");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_session_cookie_cannot_be_used_for_API_writes_from_another_origin()
    {
        var token = (await (await Login("user", "user")).Json()).GetProperty("accessToken").GetString();
        async Task<HttpResponseMessage> Post(string? origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = JsonContent.Create(new { eventName = "com.ecosystem.shell.navigation.clicked", metadata = new { target = "home" } }) };
            request.Headers.Add("Cookie", "eco_session=" + token);
            if (origin is not null) request.Headers.Add("Origin", origin);
            return await App.CreateClient().SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await Post("https://evil.example")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Post("http://localhost")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Post(null)).StatusCode);
    }

    [Fact]
    public async Task Too_many_failures_for_one_account_lock_it_with_429_even_for_the_right_password()
    {
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await Login("user", "bad" + i)).StatusCode);
        var locked = await Login("user", "user");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal("TOO_MANY_ATTEMPTS", await locked.Code());
        Assert.True(locked.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, (await Login("admin", "admin")).StatusCode);
    }

    [Fact]
    public async Task A_success_resets_the_account_counter_and_Retry_After_says_how_long_to_wait()
    {
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await Login("user", "bad" + i)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Login("user", "user")).StatusCode);
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await Login("user", "again" + i)).StatusCode); // 9 in all, 5 since the success
        var locked = await Login("user", "user");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        var retryAfter = int.Parse(locked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 14 * 60, 15 * 60); // the default window is 15 minutes from the oldest counted failure
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_sessions_at_once_and_blocks_login_until_enabled()
    {
        var user = await App.UserAsync();
        var id = (await (await user.GetAsync("/api/me")).Json()).GetProperty("userEcosystemId").GetString();
        var admin = await App.AdminAsync();

        var disabled = await admin.PostAsync($"/api/admin/users/{id}/disable", null);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal("disabled", (await disabled.Json()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/cards/me")).StatusCode);

        var login = await Login("user", "user");
        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
        Assert.Equal("ACCOUNT_DISABLED", await login.Code());
        Assert.Equal("ALREADY_DISABLED", await (await admin.PostAsync($"/api/admin/users/{id}/disable", null)).Code());

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/users/{id}/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Login("user", "user")).StatusCode);
    }

    [Fact]
    public async Task Admins_list_users_and_cannot_disable_themselves_customers_cannot_manage_users()
    {
        var admin = await App.AdminAsync();
        var users = await (await admin.GetAsync("/api/admin/users")).Json();
        var names = users.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("username").GetString()).ToList();
        Assert.Contains("user", names);
        Assert.Contains("admin", names);
        var adminId = users.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("username").GetString() == "admin").GetProperty("userEcosystemId").GetString();
        Assert.Equal("CANNOT_DISABLE_SELF", await (await admin.PostAsync($"/api/admin/users/{adminId}/disable", null)).Code());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/admin/users/usr_nope/disable", null)).StatusCode);

        var user = await App.UserAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsync($"/api/admin/users/{adminId}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/api/admin/users")).StatusCode);
    }
}

public sealed class AuthTests_Sqlite() : AuthTests(Db.Sqlite);

public sealed class AuthTests_Postgres() : AuthTests(Db.Postgres);

public sealed class LoginThrottlePerIpTests() : AppTest(Db.Sqlite)
{
    protected override Task<EcosystemApp> StartAsync() =>
        EcosystemApp.StartAsync(Db, settings: new() { ["Ecosystem:Auth:MaxFailuresPerIp"] = "3" });

    [Fact]
    public async Task Failures_across_accounts_from_one_address_are_limited_with_429()
    {
        var client = App.CreateClient();
        foreach (var name in new[] { "a1", "a2", "a3" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { username = name, password = "x" })).StatusCode);
        }

        var limited = await client.PostAsJsonAsync("/api/auth/login", new { username = "user", password = "user" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }
}

public sealed class LoginThrottleWindowTests() : AppTest(Db.Sqlite)
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db,
        settings: new() { ["Ecosystem:Auth:FailureWindowMinutes"] = "1" }, services: s => EcosystemApp.UseClock(s, clock));

    [Fact]
    public async Task The_sixth_failure_within_the_window_is_429_and_the_account_opens_again_when_the_window_has_passed()
    {
        var client = App.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { username = "user", password = "bad" + i })).StatusCode);
        }

        var sixth = await client.PostAsJsonAsync("/api/auth/login", new { username = "user", password = "bad" });
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.Equal("40", sixth.Headers.GetValues("Retry-After").Single()); // the first failure leaves the window 40 s from now
        clock.Advance(TimeSpan.FromSeconds(41));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", new { username = "user", password = "user" })).StatusCode);
    }

    [Fact]
    public void Counters_whose_failures_left_the_window_are_swept()
    {
        var throttle = new Ecosystem.Identity.Auth.LoginThrottle(clock, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        for (var i = 0; i < 1000; i++) throttle.RecordFailure("name" + i, "10.0.0." + (i % 50));
        Assert.Equal(1050, throttle.TrackedKeys);
        clock.Advance(TimeSpan.FromMinutes(16));
        throttle.RecordFailure("fresh", "10.9.9.9");
        throttle.Sweep();
        Assert.Equal(2, throttle.TrackedKeys);
    }
}

public sealed class ProductionModeTests() : AppTest(Db.Sqlite)
{
    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, demo: false);

    [Fact]
    public async Task Production_mode_seeds_no_users_and_the_CLI_creates_the_first_admin()
    {
        var client = App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "admin" })).StatusCode);

        var output = new StringWriter();
        Environment.SetEnvironmentVariable("ECOSYSTEM_PASSWORD", "correct horse battery");
        try
        {
            var exit = await Cli.RunAsync(App.Services, ["users", "add", "--admin", "--username", "root", "--email", "root@example.com"], output);
            Assert.Equal(0, exit);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ECOSYSTEM_PASSWORD", null);
        }

        Assert.Contains("Created admin 'root'", output.ToString());
        var admin = await App.LoginAsync("root", "correct horse battery");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/users")).StatusCode);

        var duplicate = new StringWriter();
        Environment.SetEnvironmentVariable("ECOSYSTEM_PASSWORD", "another password");
        try
        {
            Assert.Equal(1, await Cli.RunAsync(App.Services, ["users", "add", "--username", "root", "--email", "x@example.com"], duplicate));
        }
        finally
        {
            Environment.SetEnvironmentVariable("ECOSYSTEM_PASSWORD", null);
        }

        Assert.Contains("USERNAME_TAKEN", duplicate.ToString());
    }
}
