namespace Ecosystem.Platform.Notifications;

/// <summary>Wakes the notification relay soon after a message is queued, so sending does not wait for the next poll.</summary>
public sealed class NotificationSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    internal void Pending()
    {
        if (signal.CurrentCount > 0) return;
        try { signal.Release(); }
        catch (SemaphoreFullException) { /* already signalled */ }
    }

    internal Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);
}
