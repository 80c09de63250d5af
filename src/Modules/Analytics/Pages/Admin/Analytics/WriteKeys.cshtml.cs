using Ecosystem.Analytics.WriteKeys;
using Ecosystem.Identity.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Analytics.Pages.Admin.Analytics;

internal sealed class WriteKeysModel(WriteKeyService keys, IUserDirectory users) : PageModel
{
    public IReadOnlyList<WriteKeyDto> Keys { get; private set; } = [];

    /// <summary>Set only in the response to the create POST: the one time the key itself is shown.</summary>
    public WriteKeyCreated? Created { get; private set; }

    public IReadOnlyDictionary<string, UserDto> Creators { get; private set; } = new Dictionary<string, UserDto>();

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string Policy { get; set; } = "reject";

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var result = await keys.CreateAsync(new CreateWriteKeyRequest(Name, Policy), ct);
        if (result.IsSuccess)
        {
            Created = result.Value;
            Name = null;
            Policy = "reject";
            Response.Headers.CacheControl = "no-store";
        }
        else
        {
            Errors = result.Error!.Fields ?? new Dictionary<string, string[]> { ["name"] = [result.Error.Message] };
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id, CancellationToken ct)
    {
        var result = await keys.RevokeAsync(id, ct);
        TempData["Flash"] = result.IsSuccess ? "The write key was revoked. Sources using it are refused within a few seconds." : result.Error!.Message;
        TempData["FlashKind"] = result.IsSuccess ? "ok" : "bad";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Keys = await keys.ListAsync(ct);
        Creators = await users.GetManyAsync(Keys.Select(k => k.CreatedBy).Distinct(StringComparer.Ordinal).ToList(), ct);
    }
}
