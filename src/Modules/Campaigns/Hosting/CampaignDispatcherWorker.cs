using Ecosystem.Campaigns.Sending;
using Ecosystem.Platform;
using Ecosystem.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Campaigns.Hosting;

/// <summary>
/// The campaigns' dispatcher: a pass every half second (so a pause stops sends within a second), each in its own scope.
/// Any number of instances may run: claims take the throttle bucket's row lock and are conditional updates (ADR 0028).
/// </summary>
internal sealed partial class CampaignDispatcherWorker(IServiceScopeFactory scopes, StartupState startup, TimeProvider time, ILogger<CampaignDispatcherWorker> logger)
    : PollingWorker(scopes, startup, time, logger)
{
    protected override TimeSpan Poll => TimeSpan.FromMilliseconds(500);

    protected override string Actor => "system:campaigns";

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var pass = await services.GetRequiredService<Dispatcher>().RunOnceAsync(cancellationToken).ConfigureAwait(false);
        if (pass.Sent + pass.Unknown > 0) LogPass(logger, pass.Sent, pass.Deferred, pass.Unknown);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Campaigns: {Sent} sent, {Deferred} deferred, {Unknown} unknown after a crash.")]
    private static partial void LogPass(ILogger logger, int sent, int deferred, int unknown);
}
