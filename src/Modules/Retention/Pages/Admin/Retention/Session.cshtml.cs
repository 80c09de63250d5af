using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Retention.Pages.Admin.Retention;

internal sealed class SessionModel(RetentionService retention) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string SessionId { get; set; } = "";

    public SessionResponse? View { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var view = await retention.GetSessionAsync(SessionId, ct);
        if (!view.IsSuccess)
        {
            Response.StatusCode = 404;
            return;
        }

        View = view.Value;
    }
}
