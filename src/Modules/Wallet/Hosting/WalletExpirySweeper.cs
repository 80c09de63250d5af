using Ecosystem.Platform;
using Ecosystem.Wallet.Transfers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Wallet.Hosting;

/// <summary>
/// Every 30 seconds, expires pending transfers past their timeout (up to 200 a run), so their holds are released even
/// if no one posts or voids them. A post or void of an expired one answers <c>TRANSFER_EXPIRED</c> without waiting for it.
/// </summary>
internal sealed partial class WalletExpirySweeper(IServiceScopeFactory scopes, TimeProvider time, ILogger<WalletExpirySweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
                await using var scope = scopes.CreateAsyncScope();
                if (!await ReadyAsync(scope.ServiceProvider, stoppingToken).ConfigureAwait(false)) continue;
                var op = scope.ServiceProvider.GetRequiredService<OperationContext>();
                op.ActorId = "system:wallet-expiry";
                op.ActorRole = "system";
                op.Channel = "system";
                var expired = await scope.ServiceProvider.GetRequiredService<LedgerService>().ExpireDueAsync(200, stoppingToken).ConfigureAwait(false);
                if (expired > 0) LogExpired(logger, expired);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Wallet: {Count} pending transfers expired.")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The wallet's expiry sweep failed; it runs again at the next interval.")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
