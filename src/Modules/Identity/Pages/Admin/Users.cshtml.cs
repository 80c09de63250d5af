using Ecosystem.Identity.Contracts;
using Ecosystem.Identity.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Identity.Pages.Admin;

internal sealed class UsersModel(UserService users) : PageModel
{
    public IReadOnlyList<UserDto> Users { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public string? Query { get; private set; }

    public async Task OnGetAsync(string? q, string? cursor, CancellationToken ct)
    {
        Query = q;
        var page = await users.ListAsync(q, 50, cursor, ct);
        if (page.IsSuccess)
        {
            Users = page.Value!.Items;
            NextCursor = page.Value.NextCursor;
        }
    }

    public Task<IActionResult> OnPostDisableAsync(string id, CancellationToken ct) => SetStatus(id, false, ct);

    public Task<IActionResult> OnPostEnableAsync(string id, CancellationToken ct) => SetStatus(id, true, ct);

    private async Task<IActionResult> SetStatus(string id, bool enable, CancellationToken ct)
    {
        var result = await users.SetStatusAsync(id, enable, ct);
        TempData["Flash"] = result.IsSuccess ? $"{result.Value!.Username} is now {result.Value.Status}." : result.Error!.Message;
        TempData["FlashKind"] = result.IsSuccess ? "ok" : "bad";
        return RedirectToPage();
    }
}
