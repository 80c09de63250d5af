using System.Net;
using System.Net.Http.Json;
using Ecosystem.Tests.Infrastructure;

namespace Ecosystem.Tests.Identity;

public abstract class AdminUserCreationTests(Db db) : AppTest(db)
{
    [Fact]
    public async Task An_admin_creates_an_account_that_can_log_in_once_with_its_own_password()
    {
        var admin = await App.AdminAsync();

        var created = await admin.PostAsJsonAsync("/api/admin/users", new { username = "maria.k", email = "maria@example.com", displayName = "Maria K", password = "correct horse battery" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Json();
        Assert.Equal("maria.k", body.GetProperty("username").GetString());
        Assert.Equal(["user"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal($"/api/admin/users/{body.GetProperty("userEcosystemId").GetString()}", created.Headers.Location!.OriginalString);
        var me = await (await (await App.LoginAsync("maria.k", "correct horse battery")).GetAsync("/api/me")).Json();
        Assert.Equal(body.GetProperty("userEcosystemId").GetString(), me.GetProperty("userEcosystemId").GetString());

        var again = await admin.PostAsJsonAsync("/api/admin/users", new { username = "maria.k", email = "other@example.com", password = "another long one" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("USERNAME_TAKEN", await again.Code());
    }

    [Fact]
    public async Task Bad_accounts_are_422_and_an_admin_cannot_mint_a_super_admin()
    {
        var admin = await App.AdminAsync();

        var weak = await admin.PostAsJsonAsync("/api/admin/users", new { username = "weak", email = "weak@example.com", password = "short" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
        var unknownRole = await admin.PostAsJsonAsync("/api/admin/users", new { username = "odd", email = "odd@example.com", password = "long enough pw", roles = new[] { "root" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownRole.StatusCode);
        var escalation = await admin.PostAsJsonAsync("/api/admin/users", new { username = "boss", email = "boss@example.com", password = "long enough pw", roles = new[] { "super_admin" } });
        Assert.Equal(HttpStatusCode.Forbidden, escalation.StatusCode);
        Assert.Equal("ROLE_NOT_GRANTABLE", await escalation.Code());

        var users = await (await admin.GetAsync("/api/admin/users")).Json();
        Assert.DoesNotContain(users.GetProperty("items").EnumerateArray(), u => u.GetProperty("username").GetString() is "weak" or "odd" or "boss");
        var customer = await App.UserAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync("/api/admin/users", new { username = "sneaky", email = "s@example.com", password = "long enough pw" })).StatusCode);
    }
}

public sealed class AdminUserCreationTests_Sqlite() : AdminUserCreationTests(Db.Sqlite);

public sealed class AdminUserCreationTests_Postgres() : AdminUserCreationTests(Db.Postgres);
