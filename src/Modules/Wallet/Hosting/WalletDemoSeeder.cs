using Ecosystem.Platform;
using Ecosystem.Wallet.Accounts;
using Ecosystem.Wallet.Contracts;
using Ecosystem.Wallet.Data;
using Ecosystem.Wallet.Tenants;
using Ecosystem.Wallet.Transfers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Wallet.Hosting;

/// <summary>
/// Demo mode: the tenant "easyMO" (Rwanda, Kenya, Malta), in which the demo admin acts, with an external bank account
/// and the platform's account, funded by one top-up. Small on purpose (it runs in every test app). Idempotent.
/// </summary>
internal sealed class WalletDemoSeeder : IDemoSeeder
{
    /// <summary>After the demo users (10).</summary>
    public int Order => 40;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<WalletDbContext>();
        if (await db.Tenants.AnyAsync(cancellationToken).ConfigureAwait(false)) return;
        services.GetRequiredService<OperationContext>().ActorId = "system:demo";
        Check(await services.GetRequiredService<TenantService>().CreateAsync("easyMO", ["RW", "KE", "MT"], cancellationToken).ConfigureAwait(false));
        var accounts = services.GetRequiredService<AccountService>();
        var bank = Check(await accounts.CreateAsync(new AccountRequest(OwnerTypes.External, "bank", "RWF", null), cancellationToken).ConfigureAwait(false));
        var platform = Check(await accounts.CreateAsync(new AccountRequest(OwnerTypes.Platform, "easymo", "RWF", null), cancellationToken).ConfigureAwait(false));
        Check(await services.GetRequiredService<LedgerService>().CreateAsync(
            new TransferRequest("demo-opening-float", bank.AccountId, platform.AccountId, 5_000_000, "RWF", TransferTypes.TopUp, null, null, null), cancellationToken).ConfigureAwait(false));
    }

    private static T Check<T>(Result<T> result) =>
        result.IsSuccess ? result.Value! : throw new InvalidOperationException($"Wallet demo data: {result.Error!.Code} {result.Error.Message}");
}
