using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Ecosystem.Wallet.Accounts;
using Ecosystem.Wallet.Contracts;
using Ecosystem.Wallet.Data;
using Ecosystem.Wallet.Hosting;
using Ecosystem.Wallet.Reports;
using Ecosystem.Wallet.Tenants;
using Ecosystem.Wallet.Transfers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Wallet;

/// <summary>
/// The wallet (seed 003 phase 5, issue 19): tenants, a double-entry ledger with stored balances changed by conditional
/// updates, two-phase and linked transfers, batches, point-in-time balances, statements, the trial balance and the
/// reconciliation. Other modules move money through <see cref="ILedger"/>.
/// </summary>
public static class WalletModule
{
    public static IServiceCollection AddWalletModule(this IServiceCollection services, IConfiguration configuration)
    {
        var transfer = EventCatalogRegistration.Props(("transferId", PropertyType.String), ("reference", PropertyType.String), ("amount", PropertyType.Integer), ("currency", PropertyType.String));
        services.AddModule("wallet", typeof(WalletModule))
            .DbContext<WalletDbContext>()
            .Capability(WalletPolicies.Manage, "Tenant admins: open wallet accounts and move money on the ledger (transfers, holds, batches).", Roles.Admin, Roles.SuperAdmin)
            .Capability(WalletPolicies.Read, "Read the ledger: accounts, balances, statements, the trial balance and the reconciliation.", Roles.Admin, Roles.SuperAdmin, Roles.Finance)
            .Endpoints(api =>
            {
                var read = api.MapGroup("/wallet").WithTags("Wallet").RequireAuthorization(WalletPolicies.Read);
                var manage = api.MapGroup("/wallet").WithTags("Wallet").RequireAuthorization(WalletPolicies.Manage);
                TenantEndpoints.Map(read);
                AccountEndpoints.Map(read, manage);
                TransferEndpoints.Map(read, manage);
                ReportEndpoints.Map(read);
            })
            .Events(
                new(WalletEvents.TenantCreated, "A wallet tenant was created.", EventCatalogRegistration.Props(("tenantId", PropertyType.String), ("name", PropertyType.String))),
                new(WalletEvents.AccountCreated, "A ledger account was opened.", EventCatalogRegistration.Props(("accountId", PropertyType.String), ("ownerType", PropertyType.String), ("currency", PropertyType.String))),
                new(WalletEvents.TransferCreated, "A transfer was posted at once (debit and credit entries written).", transfer),
                new(WalletEvents.TransferPending, "A pending transfer now holds funds.", transfer),
                new(WalletEvents.TransferPosted, "A pending transfer was posted.", transfer),
                new(WalletEvents.TransferVoided, "A pending transfer was voided; its hold released.", transfer),
                new(WalletEvents.TransferExpired, "A pending transfer passed its timeout; its hold released.", transfer))
            .DemoData<WalletDemoSeeder>();
        services.AddScoped<WalletJournal>();
        services.AddScoped<TenantService>();
        services.AddScoped<AccountService>();
        services.AddScoped<LedgerService>();
        services.AddScoped<ILedger>(sp => sp.GetRequiredService<LedgerService>());
        services.AddScoped<ReportService>();
        services.AddHostedService<WalletExpirySweeper>();
        return services;
    }
}
