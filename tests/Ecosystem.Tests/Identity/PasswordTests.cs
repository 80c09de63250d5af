using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Ecosystem.Identity.Data;
using Ecosystem.Platform.Data;
using Ecosystem.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Identity;

/// <summary>Password change by the person, reset by an administrator, the password rules, and the stored hash format.</summary>
public abstract class PasswordTests(Db db) : AppTest(db)
{
    private const string NewPassword = "a long new passphrase";

    private Task<HttpResponseMessage> Login(string username, string password) =>
        App.CreateClient().PostAsJsonAsync("/api/auth/login", new { username, password });

    [Fact]
    public async Task Changing_the_password_keeps_this_session_ends_every_other_one_and_only_the_new_password_works()
    {
        var me = await App.UserAsync();
        var otherDevice = await App.UserAsync();
        var browser = new Browser(App);
        await browser.LoginAsync("user", "user");
        var audits = await CountAsync("user.password_changed");

        var changed = await me.PostAsJsonAsync("/api/me/password", new { currentPassword = "user", newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await me.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherDevice.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/app")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Login("user", "user")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Login("user", NewPassword)).StatusCode);
        Assert.Equal(audits + 1, await CountAsync("user.password_changed"));
        Assert.Equal(1, await EventsAsync("com.ecosystem.user.account.password_changed"));
    }

    [Fact]
    public async Task A_wrong_current_password_is_403_changes_nothing_and_counts_toward_the_login_throttle()
    {
        var me = await App.UserAsync();
        var wrong = await me.PostAsJsonAsync("/api/me/password", new { currentPassword = "not-it", newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal("CURRENT_PASSWORD_WRONG", await wrong.Code());
        Assert.Equal(HttpStatusCode.OK, (await me.GetAsync("/api/me")).StatusCode);

        for (var i = 0; i < 4; i++) await me.PostAsJsonAsync("/api/me/password", new { currentPassword = "not-it" + i, newPassword = NewPassword });
        var limited = await me.PostAsJsonAsync("/api/me/password", new { currentPassword = "user", newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("TOO_MANY_ATTEMPTS", await limited.Code());
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture) > 0);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Login("user", "user")).StatusCode);
        Assert.Equal(0, await CountAsync("user.password_changed"));
    }

    [Theory]
    [InlineData("short-11chr", "newPassword")]
    [InlineData("USER", "newPassword")]
    [InlineData("   user   ", "newPassword")]
    [InlineData("", "newPassword")]
    public async Task A_new_password_outside_the_rules_is_422_with_the_field(string newPassword, string field)
    {
        var me = await App.UserAsync();
        var response = await me.PostAsJsonAsync("/api/me/password", new { currentPassword = "user", newPassword });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Json();
        Assert.Equal("VALIDATION_FAILED", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(HttpStatusCode.OK, (await Login("user", "user")).StatusCode);
    }

    [Fact]
    public async Task Unknown_fields_and_anonymous_callers_are_refused()
    {
        var me = await App.UserAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await me.PostAsJsonAsync("/api/me/password", new { currentPassword = "user", newPassword = NewPassword, userEcosystemId = "usr_x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().PostAsJsonAsync("/api/me/password", new { currentPassword = "user", newPassword = NewPassword })).StatusCode);
    }

    [Fact]
    public async Task An_admin_reset_sets_a_new_password_and_ends_all_of_that_persons_sessions()
    {
        var user = await App.UserAsync();
        var id = (await (await user.GetAsync("/api/me")).Json()).GetProperty("userEcosystemId").GetString();
        var admin = await App.AdminAsync();
        var adminId = (await (await admin.GetAsync("/api/me")).Json()).GetProperty("userEcosystemId").GetString();

        Assert.Equal("VALIDATION_FAILED", await (await admin.PostAsJsonAsync($"/api/admin/users/{id}/password", new { newPassword = "short" })).Code());
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/admin/users/{id}/password", new { newPassword = NewPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Login("user", "user")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Login("user", NewPassword)).StatusCode);
        Assert.Equal(1, await CountAsync("user.password_reset"));

        Assert.Equal("CANNOT_RESET_OWN_PASSWORD", await (await admin.PostAsJsonAsync($"/api/admin/users/{adminId}/password", new { newPassword = NewPassword })).Code());
        Assert.Equal("USER_NOT_FOUND", await (await admin.PostAsJsonAsync("/api/admin/users/usr_nope/password", new { newPassword = NewPassword })).Code());
        var customer = await App.LoginAsync("user", NewPassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync($"/api/admin/users/{adminId}/password", new { newPassword = NewPassword })).StatusCode);
    }

    [Fact]
    public async Task The_account_page_changes_the_password_with_an_antiforgery_protected_form()
    {
        var other = await App.UserAsync();
        var browser = new Browser(App);
        await browser.LoginAsync("user", "user");

        var mismatch = await browser.PostFormAsync("/app/account?handler=Password", new() { ["currentPassword"] = "user", ["newPassword"] = NewPassword, ["confirmPassword"] = NewPassword + "x" }, tokenFrom: "/app/account");
        Assert.Equal(HttpStatusCode.OK, mismatch.StatusCode);
        Assert.Contains("data-testid=\"password-error\"", await mismatch.Content.ReadAsStringAsync());

        var wrong = await browser.PostFormAsync("/app/account?handler=Password", new() { ["currentPassword"] = "nope", ["newPassword"] = NewPassword, ["confirmPassword"] = NewPassword }, tokenFrom: "/app/account");
        Assert.Contains("The current password is wrong.", await wrong.Content.ReadAsStringAsync());

        var ok = await browser.PostFormAsync("/app/account?handler=Password", new() { ["currentPassword"] = "user", ["newPassword"] = NewPassword, ["confirmPassword"] = NewPassword }, tokenFrom: "/app/account");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/app/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Login("user", NewPassword)).StatusCode);
    }

    [Fact]
    public async Task Stored_hashes_are_PBKDF2_SHA512_with_at_least_210000_iterations()
    {
        var me = await App.UserAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await me.PostAsJsonAsync("/api/me/password", new { currentPassword = "user", newPassword = NewPassword })).StatusCode);
        await using var scope = App.Services.CreateAsyncScope();
        var hashes = await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Users.AsNoTracking().Select(u => u.PasswordHash).ToListAsync();
        Assert.True(hashes.Count >= 2);
        Assert.All(hashes, stored =>
        {
            var parts = stored.Split('$');
            Assert.Equal(4, parts.Length);
            Assert.Equal("pbkdf2-sha512", parts[0]);
            Assert.True(int.Parse(parts[1], CultureInfo.InvariantCulture) >= 210_000, stored);
            Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
            Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        });
        Assert.Equal(hashes.Count, hashes.Distinct().Count()); // salted: no two alike
    }

    private async Task<int> CountAsync(string action)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().AuditLog.CountAsync(a => a.Action == action);
    }

    private async Task<int> EventsAsync(string type)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Outbox.CountAsync(m => m.EventName == type);
    }
}

public sealed class PasswordTests_Sqlite() : PasswordTests(Db.Sqlite);

public sealed class PasswordTests_Postgres() : PasswordTests(Db.Postgres);
