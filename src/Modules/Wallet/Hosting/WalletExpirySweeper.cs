using Ecosystem.Platform;
using Ecosystem.Platform.Hosting;
using Ecosystem.Wallet.Transfers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Wallet.Hosting;

/// <summary>
/// Every 30 seconds, expires pending transfers past their timeout (up to 200 a run), so their holds are released even
/// if no one posts or voids them. A post or void of an expired one answers <c>TRANSFER_EXPIRED</c> without waiting for it.
/// The loop (after demo data, a scope per pass acting as a system actor, a failed pass logged) is the platform's.
/// </summary>
internal sealed partial class WalletExpirySweeper(IServiceScopeFactory scopes, StartupState startup, TimeProvider time, ILogger<WalletExpirySweeper> logger)
    : PollingWorker(scopes, startup, time, logger)
{
    protected override TimeSpan Poll => TimeSpan.FromSeconds(30);

    protected override string Actor => "system:wallet-expiry";

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var expired = await services.GetRequiredService<LedgerService>().ExpireDueAsync(200, cancellationToken).ConfigureAwait(false);
        if (expired > 0) LogExpired(logger, expired);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wallet: {Count} pending transfers expired.")]
    private static partial void LogExpired(ILogger logger, int count);
}
