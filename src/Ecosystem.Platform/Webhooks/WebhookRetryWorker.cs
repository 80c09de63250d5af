using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Platform.Webhooks;

/// <summary>Retries failed deliveries when their backoff is over, and picks up any whose request ended before processing them.</summary>
internal sealed partial class WebhookRetryWorker(IServiceScopeFactory scopes, StartupState startup, TimeProvider time, ILogger<WebhookRetryWorker> logger) : BackgroundService
{
    internal static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try { await startup.WhenDemoDataSeededAsync(stoppingToken).ConfigureAwait(false); }
        catch (OperationCanceledException) { return; }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var op = scope.ServiceProvider.GetRequiredService<OperationContext>();
                op.ActorId = "system:webhooks";
                op.ActorRole = "system";
                op.Channel = "system";
                await scope.ServiceProvider.GetRequiredService<WebhookInbox>().ProcessDueAsync(50, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
            }

            try { await Task.Delay(Poll, time, stoppingToken).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook retry pass failed")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
