using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Platform.Payments.Simulated;

/// <summary>The simulated gateway's billing clock: renews due subscriptions (only while the simulated gateway is the one in use).</summary>
internal sealed partial class SimulatedBillingWorker(IServiceScopeFactory scopes, StartupState startup, TimeProvider time, ILogger<SimulatedBillingWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

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
                op.ActorId = "system:billing";
                op.ActorRole = "system";
                op.Channel = "system";
                if (scope.ServiceProvider.GetRequiredService<IPaymentGateway>() is SimulatedPaymentGateway gateway)
                {
                    await gateway.RenewDueAsync(stoppingToken).ConfigureAwait(false);
                }
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Simulated billing pass failed")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
