using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Retention.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Retention.Notifications;

/// <summary>The notification outbox: the messages sent to customers (chat links), newest first.</summary>
internal sealed class NotificationService(RetentionDbContext db)
{
    public async Task<Result<Page<NotificationResponse>>> ListNotificationsAsync(int? limit, string? cursor, CancellationToken ct)
    {
        var paging = Paging.Parse(limit, cursor);
        if (!paging.IsSuccess) return paging.Error!;
        var (take, after) = paging.Value;
        var query = db.Notifications.AsNoTracking();
        if (after is not null) query = query.Where(n => string.Compare(n.NotificationId, after) < 0);
        var rows = await query.OrderByDescending(n => n.NotificationId).Take(take + 1).ToListAsync(ct).ConfigureAwait(false);
        return Paging.ToPage(rows, take, n => n.NotificationId, n => new NotificationResponse(n.NotificationId, n.CustomerId, n.SessionId, n.Channel, n.Recipient, n.Subject, n.Body, n.Status, n.CreatedAt, n.DeliveredAt));
    }
}
