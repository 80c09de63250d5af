using Ecosystem.Platform;
using Ecosystem.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Wallet.Funding;

/// <summary>Every 2 seconds, sends requested payouts to the payout provider and settles them on the ledger (up to 50 a pass).</summary>
internal sealed partial class PayoutWorker(IServiceScopeFactory scopes, StartupState startup, TimeProvider time, ILogger<PayoutWorker> logger)
    : PollingWorker(scopes, startup, time, logger)
{
    protected override TimeSpan Poll => TimeSpan.FromSeconds(2);

    protected override string Actor => "system:wallet-payouts";

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var settled = await services.GetRequiredService<FundingService>().SendDueAsync(50, cancellationToken).ConfigureAwait(false);
        if (settled > 0) LogSettled(logger, settled);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wallet: {Count} payouts settled with the payout provider.")]
    private static partial void LogSettled(ILogger logger, int count);
}
