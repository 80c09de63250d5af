using System.Text.Json.Nodes;
using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Ecosystem.Platform.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Host.Pages.Admin;

/// <summary>Operator settings the signed-in admin may see, each with its meaning, its value and a form to change it.</summary>
internal sealed class SettingsModel(SettingsService settings) : PageModel
{
    public IReadOnlyList<SettingView> Settings { get; private set; } = [];

    /// <summary>The key whose change failed, the text the operator typed, and what is wrong with it.</summary>
    public string? FailedKey { get; private set; }

    public string? FailedText { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Settings = await settings.ListAsync(User.Roles(), ct);

    public async Task<IActionResult> OnPostAsync(string key, string? value, int version, CancellationToken ct)
    {
        JsonNode? node = null;
        string[] problems = [];
        try
        {
            node = JsonNode.Parse(value ?? "");
        }
        catch (System.Text.Json.JsonException)
        {
            problems = ["This is not a value the setting can hold: write a number as 5, text in \"quotes\", true or false, or an object in { }."];
        }

        if (problems.Length == 0)
        {
            var result = await settings.UpdateAsync(key, new SettingUpdate(node, version), User.Roles(), ct);
            if (result.IsSuccess)
            {
                TempData["Flash"] = $"Saved “{result.Value!.Title}”.";
                return RedirectToPage();
            }

            if (result.Error!.Status == 404) return NotFound();
            problems = result.Error.Fields is { } fields ? [.. fields.Values.SelectMany(e => e)] : [result.Error.Message];
        }

        Response.StatusCode = 422;
        FailedKey = key;
        FailedText = value;
        Problems = problems;
        Settings = await settings.ListAsync(User.Roles(), ct);
        return Page();
    }

}
