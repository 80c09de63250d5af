using Ecosystem.Platform;
using Ecosystem.Retention.AtRisk;
using Ecosystem.Retention.Interventions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Retention.Hosting;

/// <summary>The background jobs: the risk scan every <c>Retention:RiskScanIntervalMinutes</c> and the sweeper that closes overdue sessions.</summary>
internal sealed partial class RetentionWorker(IServiceScopeFactory scopes, RetentionOptions options, TimeProvider time, ILogger<RetentionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextScan = options.RiskScanInterval > TimeSpan.Zero ? time.GetUtcNow() + options.RiskScanInterval : DateTimeOffset.MaxValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.SweepInterval, time, stoppingToken).ConfigureAwait(false);
                await using var scope = scopes.CreateAsyncScope();
                if (!await ReadyAsync(scope.ServiceProvider, stoppingToken).ConfigureAwait(false)) continue;
                var op = scope.ServiceProvider.GetRequiredService<OperationContext>();
                op.ActorId = "system:retention";
                op.ActorRole = "system";
                op.Channel = "system";
                var interventions = scope.ServiceProvider.GetRequiredService<InterventionService>();
                var riskScan = scope.ServiceProvider.GetRequiredService<RiskScanService>();
                await interventions.SweepAsync(stoppingToken).ConfigureAwait(false);
                if (time.GetUtcNow() >= nextScan)
                {
                    nextScan = time.GetUtcNow() + options.RiskScanInterval;
                    var result = await riskScan.ScanAsync(stoppingToken).ConfigureAwait(false);
                    LogScan(logger, result.Scanned, result.NewlyAtRisk);
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
        }
    }

    /// <summary>The schema may not exist yet (start-up still migrating, or a fresh test database): skip quietly.</summary>
    private static async Task<bool> ReadyAsync(IServiceProvider services, CancellationToken ct)
    {
        try
        {
            var migrator = services.GetRequiredService<Ecosystem.Platform.Data.Migrator>();
            return (await migrator.PendingAsync(ct).ConfigureAwait(false)).Count == 0;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention risk scan: {Scanned} customers checked, {Newly} newly at risk.")]
    private static partial void LogScan(ILogger logger, int scanned, int newly);

    [LoggerMessage(Level = LogLevel.Error, Message = "A retention background run failed; it runs again at the next interval.")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
