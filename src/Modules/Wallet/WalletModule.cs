using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Ecosystem.Wallet.Accounts;
using Ecosystem.Wallet.Contracts;
using Ecosystem.Wallet.Data;
using Ecosystem.Wallet.Explorer;
using Ecosystem.Wallet.Funding;
using Ecosystem.Wallet.Hosting;
using Ecosystem.Wallet.Reports;
using Ecosystem.Wallet.Tenants;
using Ecosystem.Wallet.Transfers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ecosystem.Wallet;

/// <summary>
/// The wallet (seed 003 phase 5, issue 19): tenants, a double-entry ledger with stored balances changed by conditional
/// updates, two-phase and linked transfers, batches, point-in-time balances, statements, the trial balance and the
/// reconciliation. Other modules move money through <see cref="ILedger"/>.
/// </summary>
public static class WalletModule
{
    /// <summary>The wallet's part of the admin console.</summary>
    public static readonly NavSection WalletSection = new("Wallet", 60);

    public static IServiceCollection AddWalletModule(this IServiceCollection services, IConfiguration configuration)
    {
        var money = EventCatalogRegistration.Props(("amount", PropertyType.Integer), ("currency", PropertyType.String));
        var transfer = EventCatalogRegistration.Props(("transferId", PropertyType.String), ("reference", PropertyType.String), ("amount", PropertyType.Integer), ("currency", PropertyType.String));
        services.AddModule("wallet", typeof(WalletModule))
            .DbContext<WalletDbContext>()
            .Capability(WalletPolicies.Manage, "Tenant admins: open wallet accounts and move money on the ledger (transfers, holds, batches).", Roles.Admin, Roles.SuperAdmin)
            .Capability(WalletPolicies.Read, "Read the ledger: accounts, balances, statements, the trial balance and the reconciliation.", Roles.Admin, Roles.SuperAdmin, Roles.Finance)
            .Endpoints(api =>
            {
                var read = api.MapGroup("/wallet").WithTags("Wallet").RequireAuthorization(WalletPolicies.Read);
                var manage = api.MapGroup("/wallet").WithTags("Wallet").RequireAuthorization(WalletPolicies.Manage);
                var me = api.MapGroup("/wallet/me").WithTags("Wallet").RequireAuthorization(Policies.SignedIn);
                TenantEndpoints.Map(read);
                AccountEndpoints.Map(read, manage);
                TransferEndpoints.Map(read, manage);
                ReportEndpoints.Map(read);
                FundingEndpoints.Map(me, read);
            })
            .Events(
                new(WalletEvents.TenantCreated, "A wallet tenant was created.", EventCatalogRegistration.Props(("tenantId", PropertyType.String), ("name", PropertyType.String))),
                new(WalletEvents.AccountCreated, "A ledger account was opened.", EventCatalogRegistration.Props(("accountId", PropertyType.String), ("ownerType", PropertyType.String), ("currency", PropertyType.String))),
                new(WalletEvents.TransferCreated, "A transfer was posted at once (debit and credit entries written).", transfer),
                new(WalletEvents.TransferPending, "A pending transfer now holds funds.", transfer),
                new(WalletEvents.TransferPosted, "A pending transfer was posted.", transfer),
                new(WalletEvents.TransferVoided, "A pending transfer was voided; its hold released.", transfer),
                new(WalletEvents.TransferExpired, "A pending transfer passed its timeout; its hold released.", transfer),
                new(WalletEvents.BalanceChanged, "A person's wallet changed; carries their balance after it.", EventCatalogRegistration.Props(("transferId", PropertyType.String), ("amount", PropertyType.Integer), ("currency", PropertyType.String)), WalletEvents.Product),
                new(WalletEvents.TopUpStarted, "A person started topping up their wallet by card.", money, WalletEvents.Product),
                new(WalletEvents.TopUpSucceeded, "A card top-up was charged and credited to the wallet.", money, WalletEvents.Product),
                new(WalletEvents.TopUpFailed, "A card top-up was not charged.", money, WalletEvents.Product),
                new(WalletEvents.PayoutRequested, "A vendor asked for a payout; the amount is held.", money, WalletEvents.Product),
                new(WalletEvents.PayoutPaid, "The payout provider paid a payout; the hold was posted.", money, WalletEvents.Product),
                new(WalletEvents.PayoutFailed, "The payout provider refused a payout; the hold was released.", money, WalletEvents.Product))
            .Customer360(WalletCustomer360.Fold)
            .Pages(pages =>
            {
                pages.AuthorizePage("/App/Wallet", Policies.SignedIn);
                pages.AuthorizeFolder("/Admin/Wallet", WalletPolicies.Read);
            })
            .Navigation(
                new NavLink(NavSection.MyProducts, "My wallet", "/app/wallet", "◍", Policies.SignedIn, 40, "my-wallet"),
                new NavLink(WalletSection, "Ledger", "/admin/wallet", "⚖", WalletPolicies.Read, 10, "admin-wallet-ledger"),
                new NavLink(WalletSection, "Payouts", "/admin/wallet/payouts", "↗", WalletPolicies.Read, 20, "admin-wallet-payouts"))
            .Stylesheet("wallet.css")
            .DemoData<WalletDemoSeeder>();
        services.AddScoped<WalletJournal>();
        services.AddScoped<TenantService>();
        services.AddScoped<AccountService>();
        services.AddScoped<LedgerService>();
        services.AddScoped<ILedger>(sp => sp.GetRequiredService<LedgerService>());
        services.AddScoped<ReportService>();
        services.AddHostedService<WalletExpirySweeper>();
        services.AddScoped<FundingService>();
        services.AddScoped<LedgerExplorer>();
        services.TryAddSingleton<IPayoutProvider, SimulatedPayoutProvider>();
        services.AddHostedService<PayoutWorker>();
        return services;
    }
}
