using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Platform.Hosting;

/// <summary>
/// A background job that runs one pass every <see cref="Poll"/> once demo data is in, each pass in a scope of its own
/// acting as <see cref="Actor"/> (audit rows and events say who). A failed pass is logged and the next one runs on time.
/// </summary>
public abstract partial class PollingWorker(IServiceScopeFactory scopes, StartupState startup, TimeProvider time, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Poll { get; }

    /// <summary>The actor id of the pass, e.g. <c>system:webhooks</c>.</summary>
    protected abstract string Actor { get; }

    protected abstract Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken);

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
                op.ActorId = Actor;
                op.ActorRole = "system";
                op.Channel = "system";
                await RunOnceAsync(scope.ServiceProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex, Actor);
            }

            try { await Task.Delay(Poll, time, stoppingToken).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Background pass of {Actor} failed")]
    private static partial void LogFailed(ILogger logger, Exception ex, string actor);
}
