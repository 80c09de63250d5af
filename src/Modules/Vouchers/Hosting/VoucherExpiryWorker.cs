using Ecosystem.Platform;
using Ecosystem.Platform.Hosting;
using Ecosystem.Vouchers.Vouchers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Vouchers.Hosting;

/// <summary>Every minute, moves issued or sent vouchers past their expiry to expired (up to 500 a pass), each with its event, audit row and the amount back to the funding account.</summary>
internal sealed partial class VoucherExpiryWorker(IServiceScopeFactory scopes, StartupState startup, TimeProvider time, ILogger<VoucherExpiryWorker> logger)
    : PollingWorker(scopes, startup, time, logger)
{
    protected override TimeSpan Poll => TimeSpan.FromMinutes(1);

    protected override string Actor => "system:voucher-expiry";

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var expired = await services.GetRequiredService<VoucherService>().ExpireDueAsync(500, cancellationToken).ConfigureAwait(false);
        if (expired > 0) LogExpired(logger, expired);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Vouchers: {Count} vouchers expired.")]
    private static partial void LogExpired(ILogger logger, int count);
}
