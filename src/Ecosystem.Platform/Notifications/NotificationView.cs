namespace Ecosystem.Platform.Notifications;

/// <summary>A message in the outbox, as its recipient reads it and with its delivery state.</summary>
public sealed record NotificationView(
    string Id, string Module, string Template, string Channel, string Recipient, string? UserEcosystemId, string? Reference, string? Subject, string Body, string? Link,
    string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string? SentVia, string? LastError, DateTimeOffset? NextAttemptAt)
{
    internal static NotificationView From(NotificationMessage n) => new(
        n.Id, n.Module, n.Template, n.Channel, n.Recipient, n.UserEcosystemId, n.Reference, n.Subject, n.Body, n.Link, n.Status, n.Attempts, n.CreatedAt, n.SentAt, n.SentVia,
        n.LastError, n.Status == NotificationStatus.Retrying ? n.NextAttemptAt : null);
}
