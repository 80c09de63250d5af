using Ecosystem.Retention.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Retention.Pages.Admin.Retention;

internal sealed class SessionModel(SessionViewService sessions) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string SessionId { get; set; } = "";

    public SessionResponse? View { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var view = await sessions.GetSessionAsync(SessionId, ct);
        if (!view.IsSuccess)
        {
            Response.StatusCode = 404;
            return;
        }

        View = view.Value;
    }
}
