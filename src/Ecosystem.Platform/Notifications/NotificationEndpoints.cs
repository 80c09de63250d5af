using Ecosystem.Platform.Http;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Platform.Notifications;

/// <summary><c>GET /api/admin/notifications</c>: the outbox, newest first, filtered by channel, status, module or reference.</summary>
internal static class NotificationEndpoints
{
    public static void MapNotifications(this RouteGroupBuilder api) =>
        api.MapGet("/admin/notifications", List).WithTags("Admin: notifications").RequireAuthorization(Policies.NotificationsRead).WithName("ListNotifications");

    private static async Task<Results<Ok<Page<NotificationView>>, ProblemHttpResult>> List(
        string? channel, string? status, string? module, string? reference, int? limit, string? cursor, Notifier notifications, CancellationToken ct) =>
        (await notifications.ListAsync(channel, status, module, reference, limit, cursor, ct).ConfigureAwait(false)).ToOk();
}
