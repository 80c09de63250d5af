namespace Ecosystem.Retention.Notifications;

public sealed record NotificationResponse(string NotificationId, string CustomerId, string? SessionId, string Channel, string Recipient, string Subject, string Body, string Status, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt);
