namespace Ecosystem.Platform.Notifications;

/// <summary>
/// The embedded sender of a channel: nothing leaves the machine; the admin console's outbox (<c>/admin/notifications</c>)
/// is the recipient's inbox and shows the message as they would read it.
/// </summary>
internal sealed class ConsoleOutboxSender(string channel) : INotificationSender
{
    public string Channel => channel;

    public string Name => "outbox";

    public Task<string?> SendAsync(NotificationMessage message, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
