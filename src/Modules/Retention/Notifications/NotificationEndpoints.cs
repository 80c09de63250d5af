using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Retention.Notifications;

internal static class NotificationEndpoints
{
    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/notifications", ListRetentionNotifications).WithName("ListRetentionNotifications");
        return admin;
    }

    private static async Task<Results<Ok<Page<NotificationResponse>>, ProblemHttpResult>> ListRetentionNotifications(int? limit, string? cursor, NotificationService notifications, CancellationToken ct) =>
        (await notifications.ListNotificationsAsync(limit, cursor, ct).ConfigureAwait(false)).ToOk();
}
