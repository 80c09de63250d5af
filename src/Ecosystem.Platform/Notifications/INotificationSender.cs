namespace Ecosystem.Platform.Notifications;

/// <summary>
/// Delivers messages of one channel. The embedded default of every channel is <see cref="ConsoleOutboxSender"/>; a real
/// adapter (SMTP for e-mail) replaces it when configured. Throw (or return a failure) to have the message retried.
/// </summary>
public interface INotificationSender
{
    string Channel { get; }

    /// <summary>Short name shown in the outbox (<c>outbox</c>, <c>smtp</c>…).</summary>
    string Name { get; }

    /// <returns>The provider's message id, when it gives one.</returns>
    Task<string?> SendAsync(NotificationMessage message, CancellationToken cancellationToken);
}
