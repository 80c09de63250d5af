using Ecosystem.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Platform.Payments.Simulated;

/// <summary>The simulated gateway's billing clock: renews due subscriptions (only while the simulated gateway is the one in use).</summary>
internal sealed class SimulatedBillingWorker(IServiceScopeFactory scopes, StartupState startup, TimeProvider time, ILogger<SimulatedBillingWorker> logger)
    : PollingWorker(scopes, startup, time, logger)
{
    protected override TimeSpan Poll => TimeSpan.FromSeconds(30);

    protected override string Actor => "system:billing";

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<IPaymentGateway>() is SimulatedPaymentGateway gateway ? gateway.RenewDueAsync(cancellationToken) : Task.CompletedTask;
}
