using Ecosystem.Platform.Http;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Platform.Settings;

/// <summary>Operator settings: every key is checked against the caller's capabilities (a key they may not see is a 404).</summary>
internal static class SettingsEndpoints
{
    public static void MapSettingsApi(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/admin/settings").WithTags("Admin: settings").RequireAuthorization(Policies.AdminConsole);
        settings.MapGet("/", List).WithName("ListSettings");
        settings.MapGet("/{key}", Get).WithName("GetSetting");
        settings.MapPut("/{key}", Update).WithName("UpdateSetting");
    }

    private static async Task<Ok<IReadOnlyList<SettingView>>> List(HttpContext http, SettingsService settings, CancellationToken ct) =>
        TypedResults.Ok(await settings.ListAsync(http.User.Roles(), ct).ConfigureAwait(false));

    private static async Task<Results<Ok<SettingView>, ProblemHttpResult>> Get(string key, HttpContext http, SettingsService settings, CancellationToken ct) =>
        (await settings.GetAsync(key, http.User.Roles(), ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<SettingView>, ProblemHttpResult>> Update(string key, SettingUpdate update, HttpContext http, SettingsService settings, CancellationToken ct) =>
        (await settings.UpdateAsync(key, update, http.User.Roles(), ct).ConfigureAwait(false)).ToOk();

}
