using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Retention.Notifications;

/// <summary>
/// A message to a customer (the chat link), written in the same transaction as the session that needs it: a
/// transactional outbox of notifications. The embedded default sender "delivers" it to the admin console's
/// notification outbox page (an in-product mailbox); a real email/SMS sender would deliver it instead.
/// </summary>
internal sealed class Notification
{
    public string NotificationId { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string? SessionId { get; set; }
    public string Channel { get; set; } = "email";
    public string Recipient { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public string Status { get; set; } = "queued";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    internal static void Configure(EntityTypeBuilder<Notification> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "retention", "notifications");
        b.HasKey(x => x.NotificationId);
        b.Property(x => x.NotificationId).HasMaxLength(40);
        b.Property(x => x.CustomerId).HasMaxLength(40);
        b.Property(x => x.SessionId).HasMaxLength(40);
        b.Property(x => x.Channel).HasMaxLength(10);
        b.Property(x => x.Recipient).HasMaxLength(254);
        b.Property(x => x.Subject).HasMaxLength(200);
        b.Property(x => x.Body).HasMaxLength(2000);
        b.Property(x => x.Status).HasMaxLength(20);
        b.HasIndex(x => x.CustomerId);
        b.HasIndex(x => new { x.Status, x.NotificationId });
    }
}
