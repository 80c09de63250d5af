using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Platform.Notifications;

/// <summary>
/// Sends queued messages through their channel's sender. Each message is claimed with a lease by a conditional update
/// before it is sent, so several relays (in one process or on several instances sharing PostgreSQL) never send the same
/// message; the claim's holder alone marks it sent. A failed send is retried with backoff (30 s, 1 min, 2 min…) and
/// after <see cref="MaxAttempts"/> the message is failed with its error. A relay that dies between sending and marking
/// leaves the message to be sent again when its lease ends (at least once, like every outbox).
/// </summary>
public sealed partial class NotificationRelay(IServiceScopeFactory scopes, NotificationSignal signal, StartupState startup, TimeProvider time, ILogger<NotificationRelay> logger) : BackgroundService
{
    public const int MaxAttempts = 6;
    internal static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try { await startup.WhenDemoDataSeededAsync(stoppingToken).ConfigureAwait(false); }
        catch (OperationCanceledException) { return; }

        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await RelayOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRelayFailed(logger, ex);
            }

            if (sent > 0) continue;
            try
            {
                // Woken by a queued message: give its transaction a moment to commit.
                if (await signal.WaitAsync(Poll, stoppingToken).ConfigureAwait(false)) await Task.Delay(TimeSpan.FromMilliseconds(50), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims and sends the messages that are due now. Returns how many were sent.</summary>
    public async Task<int> RelayOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var transactions = scope.ServiceProvider.GetRequiredService<Transactions>();
        var senders = scope.ServiceProvider.GetServices<INotificationSender>().GroupBy(s => s.Channel).ToDictionary(g => g.Key, g => g.Last());
        var now = time.UtcNowStored();
        var due = await db.NotificationOutbox.AsNoTracking()
            .Where(n => (n.Status == NotificationStatus.Queued || n.Status == NotificationStatus.Retrying) && n.NextAttemptAt <= now && (n.LockedUntil == null || n.LockedUntil < now))
            .OrderBy(n => n.NextAttemptAt).Select(n => n.Id).Take(50).ToListAsync(ct).ConfigureAwait(false);
        var sent = 0;
        foreach (var id in due)
        {
            var lease = Ids.New("lse", time);
            var claimedAt = time.UtcNowStored();
            var until = claimedAt + Lease;
            var claimed = await transactions.WriteBookkeepingAsync(db, c => db.NotificationOutbox
                .Where(n => n.Id == id && (n.Status == NotificationStatus.Queued || n.Status == NotificationStatus.Retrying) && n.NextAttemptAt <= claimedAt
                    && (n.LockedUntil == null || n.LockedUntil < claimedAt))
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.LockedBy, lease).SetProperty(n => n.LockedUntil, until).SetProperty(n => n.Attempts, n => n.Attempts + 1), c), ct).ConfigureAwait(false);
            if (claimed == 0) continue; // another relay has it

            var message = await db.NotificationOutbox.AsNoTracking().SingleAsync(n => n.Id == id, ct).ConfigureAwait(false);
            string? providerId = null;
            string? error = null;
            var sender = senders.GetValueOrDefault(message.Channel);
            try
            {
                if (sender is null) throw new InvalidOperationException($"No sender is configured for the {message.Channel} channel.");
                providerId = await sender.SendAsync(message, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                error = ex.GetType().Name + ": " + ex.Message;
                if (error.Length > 1000) error = error[..1000];
            }

            var done = time.UtcNowStored();
            var status = error is null ? NotificationStatus.Sent : message.Attempts >= MaxAttempts ? NotificationStatus.Failed : NotificationStatus.Retrying;
            await transactions.WriteBookkeepingAsync(db, c => db.NotificationOutbox
                .Where(n => n.Id == id && n.LockedBy == lease)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(n => n.Status, status)
                    .SetProperty(n => n.SentAt, error == null ? done : null)
                    .SetProperty(n => n.SentVia, sender == null ? null : sender.Name)
                    .SetProperty(n => n.ProviderMessageId, providerId)
                    .SetProperty(n => n.LastError, error)
                    .SetProperty(n => n.NextAttemptAt, done + Backoff(message.Attempts))
                    .SetProperty(n => n.LockedBy, (string?)null)
                    .SetProperty(n => n.LockedUntil, (DateTimeOffset?)null), c), CancellationToken.None).ConfigureAwait(false);
            if (error is null) sent++;
            else LogSendFailed(logger, message.Channel, message.Id, message.Attempts, status, error);
        }

        return sent;
    }

    /// <summary>30 s, 1 min, 2 min, 4 min, 8 min: six attempts span about a quarter of an hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Clamp(attempts - 1, 0, 16))));

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification relay pass failed")]
    private static partial void LogRelayFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Channel} notification {NotificationId} failed on attempt {Attempts} (now {Status}): {Error}")]
    private static partial void LogSendFailed(ILogger logger, string channel, string notificationId, int attempts, string status, string error);
}
