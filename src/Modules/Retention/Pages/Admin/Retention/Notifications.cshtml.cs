using Ecosystem.Platform.Http;
using Ecosystem.Retention.Notifications;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Retention.Pages.Admin.Retention;

internal sealed class NotificationsModel(NotificationService notifications) : PageModel
{
    public Page<NotificationResponse>? Notifications { get; private set; }

    public async Task OnGetAsync(string? cursor, CancellationToken ct)
    {
        var page = await notifications.ListNotificationsAsync(50, cursor, ct);
        Notifications = page.IsSuccess ? page.Value : null;
    }
}
