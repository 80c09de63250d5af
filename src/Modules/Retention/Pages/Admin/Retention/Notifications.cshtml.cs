using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Retention.Pages.Admin.Retention;

internal sealed class NotificationsModel(RetentionService retention) : PageModel
{
    public Page<NotificationResponse>? Notifications { get; private set; }

    public async Task OnGetAsync(string? cursor, CancellationToken ct)
    {
        var page = await retention.ListNotificationsAsync(50, cursor, ct);
        Notifications = page.IsSuccess ? page.Value : null;
    }
}
