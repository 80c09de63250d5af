using Ecosystem.Identity.Contracts;
using Ecosystem.Retention.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Retention.Pages.Admin.Retention;

internal sealed class SessionModel(SessionViewService sessions, IUserDirectory users) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string SessionId { get; set; } = "";

    public SessionResponse? View { get; private set; }
    /// <summary>Who started the chat, as people know them (display name), or the id when the account is gone.</summary>
    public string StartedBy { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var view = await sessions.GetSessionAsync(SessionId, ct);
        if (!view.IsSuccess)
        {
            Response.StatusCode = 404;
            return;
        }

        View = view.Value;
        var admin = view.Value!.Session.AdminUserId;
        StartedBy = (await users.GetManyAsync([admin], ct)).GetValueOrDefault(admin)?.DisplayName ?? admin;
    }
}
