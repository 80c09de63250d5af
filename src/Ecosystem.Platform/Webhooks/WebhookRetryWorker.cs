using Ecosystem.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Platform.Webhooks;

/// <summary>Retries failed deliveries when their backoff is over, and picks up any whose request ended before processing them.</summary>
internal sealed class WebhookRetryWorker(IServiceScopeFactory scopes, StartupState startup, TimeProvider time, ILogger<WebhookRetryWorker> logger)
    : PollingWorker(scopes, startup, time, logger)
{
    protected override TimeSpan Poll => TimeSpan.FromSeconds(5);

    protected override string Actor => "system:webhooks";

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<WebhookInbox>().ProcessDueAsync(50, cancellationToken);
}
