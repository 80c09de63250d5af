using Ecosystem.Marketplace.Commissions;
using Ecosystem.Marketplace.Contracts;
using Ecosystem.Marketplace.Data;
using Ecosystem.Marketplace.Hosting;
using Ecosystem.Marketplace.Intents;
using Ecosystem.Marketplace.Profiles;
using Ecosystem.Marketplace.Purchases;
using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Marketplace;

/// <summary>
/// The marketplace (seed 003 phase 5, issue 19): vendor and buyer profiles with wallets on the ledger, intents → quotes
/// → purchases whose money moves through <c>ILedger</c> (a hold at acceptance, posted with the commission at completion,
/// voided at cancellation), commission schedules per tenant and category with effective dates, and vendor ranking.
/// </summary>
public static class MarketplaceModule
{
    /// <summary>The marketplace's own section of the admin sidebar.</summary>
    public static readonly NavSection MarketplaceSection = new("Marketplace", 55);

    public static IServiceCollection AddMarketplaceModule(this IServiceCollection services, IConfiguration configuration)
    {
        var state = (MarketplaceEvents.StateProperty, PropertyType.Object);
        var purchase = ("purchaseId", PropertyType.String);
        var money = new[] { ("amount", PropertyType.Integer), ("currency", PropertyType.String) };
        services.AddSingleton(MarketplaceOptions.From(configuration));
        services.AddSingleton<MarketplaceTenant.TenantCache>();
        services.AddModule("marketplace", typeof(MarketplaceModule))
            .DbContext<MarketplaceDbContext>()
            .Capability(MarketplacePolicies.Sell, "Vendors: quote on the tenant's open intents, see them ranked, complete their purchases.", MarketplacePolicies.VendorRole)
            .Capability(MarketplacePolicies.Manage, "Every intent and purchase of the marketplace; commission schedules; vendors' ranking figures.", Roles.Admin, Roles.SuperAdmin)
            .Endpoints(api =>
            {
                var me = api.MapGroup("/marketplace").WithTags("Marketplace").RequireAuthorization(Policies.SignedIn);
                var sell = api.MapGroup("/marketplace").WithTags("Marketplace: vendors").RequireAuthorization(MarketplacePolicies.Sell);
                var manage = api.MapGroup("/marketplace").WithTags("Marketplace: admin").RequireAuthorization(MarketplacePolicies.Manage);
                ProfileEndpoints.Map(me, sell, manage);
                IntentEndpoints.Map(me, sell);
                PurchaseEndpoints.Map(me, sell);
                CommissionEndpoints.Map(manage);
            })
            .Pages(pages =>
            {
                pages.AuthorizePage("/App/Marketplace/Index", Policies.SignedIn);
                pages.AuthorizePage("/App/Marketplace/Vendor", MarketplacePolicies.Sell);
                pages.AuthorizeFolder("/Admin/Marketplace", MarketplacePolicies.Manage);
            })
            .Navigation(
                new NavLink(NavSection.MyProducts, "Marketplace", "/app/marketplace", "⇄", Policies.SignedIn, 40, "marketplace"),
                new NavLink(NavSection.MyProducts, "Sell", "/app/marketplace/vendor", "◆", MarketplacePolicies.Sell, 41, "marketplace-vendor"),
                new NavLink(MarketplaceSection, "Commissions", "/admin/marketplace/commissions", "%", MarketplacePolicies.Manage, 10, "admin-marketplace-commissions"))
            .ProductTile(new ProductTile("Marketplace", "Ask, compare, buy", "Say what you need; vendors near you quote; accept the best and pay from your wallet when it's done.", "/app/marketplace", "Open the marketplace →", "marketplace", 40))
            .Events(
                new(MarketplaceEvents.BuyerSaved, "A buyer's marketplace profile was made or changed.", EventCatalogRegistration.Props(("segment", PropertyType.String), state), MarketplaceEvents.Product, 1),
                new(MarketplaceEvents.VendorSaved, "A vendor's profile was made or changed.", EventCatalogRegistration.Props(("region", PropertyType.String), ("categories", PropertyType.Array)), MarketplaceEvents.Product, 1),
                new(MarketplaceEvents.IntentCreated, "A buyer posted an intent (what they need).", EventCatalogRegistration.Props(("intentId", PropertyType.String), ("channel", PropertyType.String), ("category", PropertyType.String), ("region", PropertyType.String), state), MarketplaceEvents.Product, 3),
                new(MarketplaceEvents.IntentCancelled, "A buyer cancelled their intent.", EventCatalogRegistration.Props(("intentId", PropertyType.String)), MarketplaceEvents.Product, 1),
                new(MarketplaceEvents.IntentExpired, "An intent passed its expiry without an accepted quote.", EventCatalogRegistration.Props(("intentId", PropertyType.String)), MarketplaceEvents.Product, 1),
                new(MarketplaceEvents.QuoteCreated, "A vendor quoted on an intent.", EventCatalogRegistration.Props(("quoteId", PropertyType.String), ("intentId", PropertyType.String), ("price", PropertyType.Integer), ("currency", PropertyType.String)), MarketplaceEvents.Product, 2),
                new(MarketplaceEvents.QuoteAccepted, "A buyer accepted a quote: a purchase, the buyer's funds held.", EventCatalogRegistration.Props([purchase, ("quoteId", PropertyType.String), ("intentId", PropertyType.String), .. money, state]), MarketplaceEvents.Product, 5),
                new(MarketplaceEvents.PurchaseCompleted, "A vendor completed a purchase: the hold posted, the commission taken.", EventCatalogRegistration.Props([purchase, .. money, ("commission", PropertyType.Integer), state]), MarketplaceEvents.Product, 5),
                new(MarketplaceEvents.PurchaseCancelled, "A purchase was cancelled; the buyer's hold released.", EventCatalogRegistration.Props([purchase, .. money, ("byVendor", PropertyType.Boolean)]), MarketplaceEvents.Product, 1),
                new(MarketplaceEvents.PurchaseFailed, "A purchase failed: the hold expired before completion.", EventCatalogRegistration.Props([purchase, .. money]), MarketplaceEvents.Product, 1),
                new(MarketplaceEvents.CommissionScheduleCreated, "An admin added a commission schedule.", EventCatalogRegistration.Props(("scheduleId", PropertyType.String), ("category", PropertyType.String), ("rateBp", PropertyType.Integer), ("flatFee", PropertyType.Integer), ("currency", PropertyType.String))))
            .Stylesheet("marketplace.css")
            .Customer360(MarketplaceCustomer360.Fold)
            .DemoData<MarketplaceDemoSeeder>();
        services.AddScoped<MarketplaceJournal>();
        services.AddScoped<MarketplaceTenant>();
        services.AddScoped<ProfileService>();
        services.AddScoped<IntentService>();
        services.AddScoped<PurchaseService>();
        services.AddScoped<CommissionService>();
        services.AddHostedService<IntentExpirySweeper>();
        return services;
    }
}
