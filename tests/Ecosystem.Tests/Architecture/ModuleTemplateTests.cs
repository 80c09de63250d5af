using System.Net;
using System.Net.Http.Json;
using Ecosystem.Identity;
using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Ecosystem.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Architecture;

/// <summary>
/// A module brings everything it owns and edits nothing outside itself: a small module declared only in this test
/// assembly shows up in the policy table, the API and its authorization, the OpenAPI document, the sidebar and the
/// people list, with no change to Platform or the host.
/// </summary>
public sealed class ModuleTemplateTests() : AppTest(Db.Sqlite)
{
    private const string Capability = "sample:curate";
    private const string Curator = "sample_curator";

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, services: s => s.AddSampleModule());

    [Fact]
    public async Task A_module_declared_outside_the_product_is_in_the_policy_table_api_openapi_and_navigation()
    {
        var capabilities = App.Services.GetRequiredService<Capabilities>();
        Assert.Equal("sample", capabilities.Find(Capability)!.Module);
        Assert.Contains(Curator, capabilities.KnownRoles);
        Assert.True(capabilities.Allows(Capability, [Roles.Finance]));
        Assert.False(capabilities.Allows(Capability, [Roles.User]));

        // A role that only the module names can be given to a person, and the module's API admits exactly its holders.
        using var admin = await App.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/users", new { username = "curator", email = "curator@example.com", password = "curator-password-1", roles = new[] { Curator } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var curator = await App.LoginAsync("curator", "curator-password-1");
        var things = await curator.GetAsync("/api/sample/things");
        Assert.Equal(HttpStatusCode.OK, things.StatusCode);
        Assert.Equal("a thing", (await things.Json())[0].GetString());
        using var user = await App.UserAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/sample/things")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/api/sample/things")).StatusCode);

        var openApi = await (await App.CreateClient().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        Assert.Contains("/api/sample/things", openApi, StringComparison.Ordinal);

        // The sidebar and the people list, as rendered for an admin (who holds the capability) and a customer (who does not).
        var adminPage = await (await admin.GetAsync("/admin/users")).Content.ReadAsStringAsync();
        Assert.Contains("data-nav=\"sample-things\"", adminPage, StringComparison.Ordinal);
        Assert.Contains(">Sample<", adminPage, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/sample/people/usr_", adminPage, StringComparison.Ordinal);
        var userPage = await (await user.GetAsync("/app")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("sample-things", userPage, StringComparison.Ordinal);
        Assert.Contains("data-nav=\"sample-tile\"", userPage, StringComparison.Ordinal);
    }
}

/// <summary>The whole of a module's registration: what docs/new-module.md asks of a new module, in miniature.</summary>
public static class SampleModule
{
    public static IServiceCollection AddSampleModule(this IServiceCollection services)
    {
        var section = new NavSection("Sample", 45);
        services.AddModule("sample", typeof(SampleModule))
            .Capability("sample:curate", "Curate the sample things.", Roles.Admin, Roles.Finance, "sample_curator")
            .Endpoints(api => api.MapGroup("/sample").WithTags("Sample").RequireAuthorization("sample:curate")
                .MapGet("/things", ListThings).WithName("ListSampleThings"))
            .Navigation(new NavLink(section, "Things", "/admin/sample", "◇", "sample:curate", 0, "sample-things"))
            .ProductTile(new ProductTile("Sample", "Things", "Sample things for everyone.", "/app/sample", "Open things →", "sample-tile", 50))
            .PersonLink(new PersonLink("Things", "/admin/sample/people/{userEcosystemId}", "sample:curate", 50))
            .FileBucket("sample-media", 2048, [Ecosystem.Platform.Files.FileTypes.Png, Ecosystem.Platform.Files.FileTypes.Jpeg], "sample:curate", "sample:curate")
            .Setting("sample.batch_size", "Things per batch", "How many things are curated at once.", "sample:curate", 50,
                size => size is < 1 or > 500 ? ["Choose between 1 and 500 things."] : []);
        return services;
    }

    private static string[] ListThings() => ["a thing"];
}
