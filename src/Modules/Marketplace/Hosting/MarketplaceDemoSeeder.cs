using Ecosystem.Identity.Contracts;
using Ecosystem.Marketplace.Commissions;
using Ecosystem.Marketplace.Data;
using Ecosystem.Marketplace.Intents;
using Ecosystem.Marketplace.Profiles;
using Ecosystem.Marketplace.Purchases;
using Ecosystem.Platform;
using Ecosystem.Wallet.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Marketplace.Hosting;

/// <summary>
/// Demo mode: vendors <c>vendor1</c> and <c>vendor2</c> (role vendor) with profiles in Kigali, the buyer <c>buyer1</c>;
/// their wallets funded from the tenant's external bank account; a 5 % + 100 RWF commission schedule; two open intents
/// with quotes; and one completed purchase with its commission posted. Through the module's own services and the
/// ledger. Idempotent: skipped when the marketplace has a schedule.
/// </summary>
internal sealed class MarketplaceDemoSeeder : IDemoSeeder
{
    /// <summary>After the wallet's tenant (40).</summary>
    public int Order => 50;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<MarketplaceDbContext>();
        if (await db.CommissionSchedules.AnyAsync(cancellationToken).ConfigureAwait(false)) return;
        var users = services.GetRequiredService<IUserDirectory>();
        var vendor1 = await users.FindByUsernameAsync("vendor1", cancellationToken).ConfigureAwait(false);
        var vendor2 = await users.FindByUsernameAsync("vendor2", cancellationToken).ConfigureAwait(false);
        var buyer1 = await users.FindByUsernameAsync("buyer1", cancellationToken).ConfigureAwait(false);
        if (vendor1 is null || vendor2 is null || buyer1 is null) return;
        var op = services.GetRequiredService<OperationContext>();
        op.ActorId = "system:demo";
        var time = services.GetRequiredService<TimeProvider>();
        var tenant = services.GetRequiredService<MarketplaceTenant>();
        var ledger = services.GetRequiredService<ILedger>();
        Check(await services.GetRequiredService<CommissionService>().CreateAsync(
            new CommissionScheduleRequest(CommissionSchedule.AnyCategory, 500, 100, tenant.Currency, time.GetUtcNow().AddDays(-30), "Standard: 5 % + 100 RWF"), cancellationToken).ConfigureAwait(false));
        Check(await users.GrantRoleAsync(vendor1.UserEcosystemId, MarketplacePolicies.VendorRole, cancellationToken).ConfigureAwait(false));
        Check(await users.GrantRoleAsync(vendor2.UserEcosystemId, MarketplacePolicies.VendorRole, cancellationToken).ConfigureAwait(false));

        var profiles = services.GetRequiredService<ProfileService>();
        op.ActorId = vendor1.UserEcosystemId;
        Check(await profiles.SaveVendorAsync(vendor1.UserEcosystemId, new VendorProfileRequest("Kigali Moto Express", "Kigali", ["moto", "delivery"]), cancellationToken).ConfigureAwait(false));
        op.ActorId = vendor2.UserEcosystemId;
        Check(await profiles.SaveVendorAsync(vendor2.UserEcosystemId, new VendorProfileRequest("Hill Cabs", "Kigali", ["taxi", "moto"]), cancellationToken).ConfigureAwait(false));

        op.ActorId = buyer1.UserEcosystemId;
        var buyer = await profiles.BuyerAsync(buyer1.UserEcosystemId, cancellationToken).ConfigureAwait(false);
        op.ActorId = "system:demo";
        var bank = Check(await ledger.OpenAccountAsync(OwnerTypes.External, "bank", tenant.Currency, cancellationToken).ConfigureAwait(false));
        Check(await ledger.TransferAsync(new LedgerTransfer("demo-marketplace-buyer1-topup", bank.AccountId, buyer.WalletAccountId, 50_000, tenant.Currency, TransferTypes.TopUp), cancellationToken).ConfigureAwait(false));
        foreach (var v in new[] { vendor1, vendor2 })
        {
            var wallet = Check(await ledger.OpenAccountAsync(OwnerTypes.Vendor, v.UserEcosystemId, tenant.Currency, cancellationToken).ConfigureAwait(false));
            Check(await ledger.TransferAsync(new LedgerTransfer("demo-marketplace-float-" + v.Username, bank.AccountId, wallet.AccountId, 10_000, tenant.Currency, TransferTypes.TopUp), cancellationToken).ConfigureAwait(false));
        }

        var intents = services.GetRequiredService<IntentService>();
        var purchases = services.GetRequiredService<PurchaseService>();
        op.ActorId = buyer1.UserEcosystemId;
        var done = Check(await intents.CreateAsync(buyer1.UserEcosystemId, new IntentRequest("whatsapp", "moto", "Kigali", "A moto from Kimihurura to the city centre, now.", null, 60), cancellationToken).ConfigureAwait(false));
        var ride = Check(await intents.CreateAsync(buyer1.UserEcosystemId, new IntentRequest("voice", "moto", "Kigali", "Moto to Nyabugogo bus park tomorrow at 7:00, one bag.", null, 24 * 60), cancellationToken).ConfigureAwait(false));
        Check(await intents.CreateAsync(buyer1.UserEcosystemId, new IntentRequest("lead-form", "delivery", "Kigali", "Deliver a 5 kg parcel from Remera to Kacyiru this afternoon.", null, 12 * 60), cancellationToken).ConfigureAwait(false));

        op.ActorId = vendor1.UserEcosystemId;
        var q1 = Check(await intents.QuoteAsync(vendor1.UserEcosystemId, done.IntentId, new QuoteRequest(2_500, tenant.Currency, 8, "Helmet for you included."), cancellationToken).ConfigureAwait(false));
        Check(await intents.QuoteAsync(vendor1.UserEcosystemId, ride.IntentId, new QuoteRequest(3_000, tenant.Currency, 15, null), cancellationToken).ConfigureAwait(false));
        op.ActorId = vendor2.UserEcosystemId;
        Check(await intents.QuoteAsync(vendor2.UserEcosystemId, done.IntentId, new QuoteRequest(2_800, tenant.Currency, 5, null), cancellationToken).ConfigureAwait(false));
        Check(await intents.QuoteAsync(vendor2.UserEcosystemId, ride.IntentId, new QuoteRequest(2_700, tenant.Currency, 20, "Room for the bag."), cancellationToken).ConfigureAwait(false));

        op.ActorId = buyer1.UserEcosystemId;
        var purchase = Check(await purchases.AcceptAsync(buyer1.UserEcosystemId, q1.QuoteId, cancellationToken).ConfigureAwait(false));
        op.ActorId = vendor1.UserEcosystemId;
        Check(await purchases.CompleteAsync(vendor1.UserEcosystemId, purchase.PurchaseId, cancellationToken).ConfigureAwait(false));

        // The vendors' history before this demo (their quotes above would otherwise make it look like their first day).
        op.ActorId = "system:demo";
        Check(await profiles.SetFiguresAsync(vendor1.UserEcosystemId, new VendorFiguresRequest(470, 9_600, 90, 320), cancellationToken).ConfigureAwait(false));
        Check(await profiles.SetFiguresAsync(vendor2.UserEcosystemId, new VendorFiguresRequest(420, 9_100, 240, 85), cancellationToken).ConfigureAwait(false));
    }

    private static T Check<T>(Result<T> result) =>
        result.IsSuccess ? result.Value! : throw new InvalidOperationException($"Marketplace demo data: {result.Error!.Code} {result.Error.Message}");
}
