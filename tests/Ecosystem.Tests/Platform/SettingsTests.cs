using System.Net;
using System.Net.Http.Json;
using Ecosystem.Platform.Settings;
using Ecosystem.Tests.Architecture;
using Ecosystem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Platform;

/// <summary>Operator settings: declared by a module, validated, changed by compare-and-set, audited, hidden from those without the capability.</summary>
public abstract class SettingsTests(Db db) : AppTest(db)
{
    private const string Key = "sample.batch_size";

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, services: s => s.AddSampleModule());

    [Fact]
    public async Task A_change_is_validated_saved_read_back_by_the_module_and_audited_with_its_diff()
    {
        using var admin = await App.AdminAsync();
        var list = await (await admin.GetAsync("/api/admin/settings")).Json();
        var sample = list.EnumerateArray().Single(s => s.GetProperty("key").GetString() == Key);
        Assert.Equal(50, sample.GetProperty("value").GetInt32());
        Assert.True(sample.GetProperty("isDefault").GetBoolean());
        Assert.Equal(0, sample.GetProperty("version").GetInt32());

        var tooBig = await admin.PutAsJsonAsync($"/api/admin/settings/{Key}", new { value = 501, version = 0 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooBig.StatusCode);
        Assert.Contains("between 1 and 500", (await tooBig.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var notANumber = await admin.PutAsJsonAsync($"/api/admin/settings/{Key}", new { value = "lots", version = 0 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notANumber.StatusCode);
        Assert.Contains("a whole number", (await notANumber.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var saved = await admin.PutAsJsonAsync($"/api/admin/settings/{Key}", new { value = 120, version = 0 });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var body = await saved.Json();
        Assert.Equal(120, body.GetProperty("value").GetInt32());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.False(body.GetProperty("isDefault").GetBoolean());

        await using (var scope = App.Services.CreateAsyncScope())
        {
            Assert.Equal(120, await scope.ServiceProvider.GetRequiredService<SettingsService>().GetAsync<int>(Key, CancellationToken.None));
        }

        var audit = await (await admin.GetAsync($"/api/admin/audit?targetType=setting&targetId={Key}")).Json();
        var entry = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Equal("platform.setting.changed", entry.GetProperty("action").GetString());
        Assert.Equal(50, entry.GetProperty("changes").GetProperty("value").GetProperty("from").GetInt32());
        Assert.Equal(120, entry.GetProperty("changes").GetProperty("value").GetProperty("to").GetInt32());

        // A change based on what someone else has since replaced is refused, not silently overwritten.
        var stale = await admin.PutAsJsonAsync($"/api/admin/settings/{Key}", new { value = 60, version = 0 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("SETTING_CHANGED", await stale.Code());
    }

    [Fact]
    public async Task A_key_the_caller_may_not_change_is_not_found_and_not_listed()
    {
        using var user = await App.UserAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/admin/settings")).StatusCode);

        // readonly opens the admin console but does not hold sample:curate.
        using var admin = await App.AdminAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/users", new { username = "reader", email = "reader@example.com", password = "reader-password-1", roles = new[] { "readonly" } })).StatusCode);
        using var reader = await App.LoginAsync("reader", "reader-password-1");
        var list = await (await reader.GetAsync("/api/admin/settings")).Json();
        Assert.DoesNotContain(list.EnumerateArray(), s => s.GetProperty("key").GetString() == Key);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/admin/settings/{Key}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.PutAsJsonAsync($"/api/admin/settings/{Key}", new { value = 7 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/settings/sample.nothing_here")).StatusCode);
    }

    [Fact]
    public async Task Parallel_changes_from_the_same_version_keep_exactly_one()
    {
        using var admin = await App.AdminAsync();
        var responses = await Concurrency.RunParallelAsync(10, i => admin.PutAsJsonAsync($"/api/admin/settings/{Key}", new { value = 100 + i, version = 0 }));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var now = await (await admin.GetAsync($"/api/admin/settings/{Key}")).Json();
        Assert.Equal(1, now.GetProperty("version").GetInt32());
        var audit = await (await admin.GetAsync($"/api/admin/audit?targetType=setting&targetId={Key}")).Json();
        Assert.Single(audit.GetProperty("items").EnumerateArray());
    }
}

public sealed class SettingsTests_Sqlite() : SettingsTests(Db.Sqlite);

public sealed class SettingsTests_Postgres() : SettingsTests(Db.Postgres);
