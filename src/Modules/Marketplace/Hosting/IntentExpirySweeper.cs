using Ecosystem.Marketplace.Intents;
using Ecosystem.Platform;
using Ecosystem.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Marketplace.Hosting;

/// <summary>Every minute, pending intents past their expiry become expired, with their pending quotes (up to 200 a run). Accepting checks expiry itself, so nothing waits for the sweep.</summary>
internal sealed partial class IntentExpirySweeper(IServiceScopeFactory scopes, StartupState startup, TimeProvider time, ILogger<IntentExpirySweeper> logger)
    : PollingWorker(scopes, startup, time, logger)
{
    protected override TimeSpan Poll => TimeSpan.FromMinutes(1);

    protected override string Actor => "system:marketplace-expiry";

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var expired = await services.GetRequiredService<IntentService>().ExpireDueAsync(200, cancellationToken).ConfigureAwait(false);
        if (expired > 0) LogExpired(logger, expired);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Marketplace: {Count} intents expired.")]
    private static partial void LogExpired(ILogger logger, int count);
}
