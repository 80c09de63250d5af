namespace Ecosystem.Platform.Notifications;

/// <summary>A message's states.</summary>
public static class NotificationStatus
{
    /// <summary>Written with its state change; the relay sends it next.</summary>
    public const string Queued = "queued";
    /// <summary>Handed to its channel (for the embedded sender: shown in the admin console's outbox).</summary>
    public const string Sent = "sent";
    /// <summary>Sending failed; tried again after a backoff.</summary>
    public const string Retrying = "retrying";
    /// <summary>Every attempt failed; <see cref="NotificationMessage.LastError"/> says why.</summary>
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Queued, Sent, Retrying, Failed];
}
