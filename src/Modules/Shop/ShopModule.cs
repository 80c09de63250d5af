using Ecosystem.Platform;
using Ecosystem.Platform.Files;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Payments;
using Ecosystem.Platform.Security;
using Ecosystem.Shop.Cart;
using Ecosystem.Shop.Catalog;
using Ecosystem.Shop.Contracts;
using Ecosystem.Shop.Data;
using Ecosystem.Shop.Hosting;
using Ecosystem.Shop.Orders;
using Ecosystem.Shop.Payments;
using Ecosystem.Shop.Pricing;
using Ecosystem.Shop.Profiles;
using Ecosystem.Shop.Subscriptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Shop;

/// <summary>
/// The growth shop (seed 002, issue 18): Instagram growth services with configurable options, a cart, checkout, orders
/// with one status machine, payments and refunds through the shared gateway, and subscriptions whose failed renewals
/// Retention picks up. Everything the module owns is registered here; the host names it only in <c>Program.cs</c>.
/// </summary>
public static class ShopModule
{
    public const string CatalogBucket = "catalog";

    public static IServiceCollection AddShopModule(this IServiceCollection services, IConfiguration configuration)
    {
        var shop = (ShopEvents.StateProperty, PropertyType.Object);
        var order = ("orderNumber", PropertyType.String);
        services.AddSingleton(ShopOptions.From(configuration));
        services.AddModule("shop", typeof(ShopModule))
            .DbContext<ShopDbContext>()
            .Capability(ShopPolicies.Catalog, "Edit the shop's catalog: products, options, packages, images and plans.", Roles.Admin, Roles.SuperAdmin)
            .Capability(ShopPolicies.Orders, "See every client's orders and subscriptions, move orders through their statuses and create orders for clients.", Roles.Admin, Roles.SuperAdmin, Roles.Support, Roles.Finance)
            .Capability(ShopPolicies.Refunds, "Refund shop payments, in full or in part.", Roles.Admin, Roles.SuperAdmin, Roles.Finance)
            .FileBucket(CatalogBucket, 5 * 1024 * 1024, [FileTypes.Png, FileTypes.Jpeg, FileTypes.WebP], ShopPolicies.Catalog, Policies.SignedIn)
            .Endpoints((root, api) =>
            {
                var open = api.MapGroup("/shop").WithTags("Shop").AllowAnonymous().RequireRateLimiting(RateLimits.Public);
                var me = api.MapGroup("/shop").WithTags("Shop").RequireAuthorization(Policies.SignedIn);
                var catalogAdmin = api.MapGroup("/admin/shop").WithTags("Admin: shop").RequireAuthorization(ShopPolicies.Catalog);
                var ordersAdmin = api.MapGroup("/admin/shop").WithTags("Admin: shop").RequireAuthorization(ShopPolicies.Orders);
                var refunds = api.MapGroup("/admin/shop").WithTags("Admin: shop").RequireAuthorization(ShopPolicies.Refunds);
                CatalogEndpoints.Map(open, catalogAdmin, root);
                CartEndpoints.Map(open);
                ProfileEndpoints.Map(me);
                OrderEndpoints.Map(me, ordersAdmin);
                PaymentEndpoints.Map(me, refunds);
                SubscriptionEndpoints.Map(me, ordersAdmin);
            })
            .Pages(pages =>
            {
                // The storefront page by page: anonymous access on the folder would win over the checkout's policy.
                foreach (var page in new[] { "/Shop/Index", "/Shop/Product", "/Shop/Cart" })
                {
                    pages.AllowAnonymousToPage(page);
                    // Visitors post to these (add to cart, change a line): limited like every anonymous endpoint.
                    pages.AddPageApplicationModelConvention(page, m => m.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(RateLimits.Public)));
                }
                pages.AuthorizePage("/Shop/Checkout", Policies.SignedIn);
                pages.AuthorizeFolder("/App/Orders", Policies.SignedIn);
                pages.AuthorizeFolder("/Admin/Shop", ShopPolicies.Orders);
                pages.AuthorizeFolder("/Admin/Shop/Catalog", ShopPolicies.Catalog);
            })
            .Navigation(
                new NavLink(NavSection.MyProducts, "Growth shop", "/shop", "✦", Policies.SignedIn, 30, "shop"),
                new NavLink(NavSection.MyProducts, "My orders", "/app/orders", "▦", Policies.SignedIn, 31, "my-orders"),
                new NavLink(ShopSection, "Orders", "/admin/shop/orders", "▦", ShopPolicies.Orders, 10, "admin-shop-orders"),
                new NavLink(ShopSection, "Subscriptions", "/admin/shop/subscriptions", "↻", ShopPolicies.Orders, 20, "admin-shop-subscriptions"),
                new NavLink(ShopSection, "Catalog", "/admin/shop/catalog", "✦", ShopPolicies.Catalog, 30, "admin-shop-catalog"))
            .ProductTile(new ProductTile("Growth shop", "Instagram growth", "Followers, likes, story views and targeted campaigns, configured your way, and a monthly growth plan.", "/shop", "Open the shop →", "shop", 30))
            .PersonLink(new PersonLink("Shop orders", "/admin/shop/orders?userEcosystemId={userEcosystemId}", ShopPolicies.Orders, 30))
            .Events(
                new(ShopEvents.CartItemAdded, "A product was put in a cart (a visitor's or a person's).", EventCatalogRegistration.Props(("cartId", PropertyType.String), ("productSlug", PropertyType.String), ("quantity", PropertyType.Integer)), ShopEvents.Product, 1),
                new(ShopEvents.CartItemRemoved, "A product was taken out of a cart.", EventCatalogRegistration.Props(("cartId", PropertyType.String), ("productId", PropertyType.String)), ShopEvents.Product, 1),
                new(ShopEvents.CartMerged, "A visitor's cart was merged into the person's cart at sign-in.", EventCatalogRegistration.Props(("cartId", PropertyType.String), ("lines", PropertyType.Integer)), ShopEvents.Product, 1),
                new(ShopEvents.OrderCreated, "An order was placed (checkout) or created by an admin (manual).", EventCatalogRegistration.Props(order, ("total", PropertyType.Integer), ("currency", PropertyType.String), shop), ShopEvents.Product, 5),
                new(ShopEvents.OrderPaid, "An order's payment was captured: pending → processing.", EventCatalogRegistration.Props(order, shop), ShopEvents.Product, 5),
                new(ShopEvents.OrderActivated, "An order's service started running: processing → active.", EventCatalogRegistration.Props(order, shop), ShopEvents.Product, 3),
                new(ShopEvents.OrderCompleted, "An order was completed.", EventCatalogRegistration.Props(order, shop), ShopEvents.Product, 3),
                new(ShopEvents.OrderHeld, "An order was put on hold.", EventCatalogRegistration.Props(order, shop), ShopEvents.Product, 1),
                new(ShopEvents.OrderResumed, "A held order resumed.", EventCatalogRegistration.Props(order, shop), ShopEvents.Product, 1),
                new(ShopEvents.OrderCanceled, "An order was canceled.", EventCatalogRegistration.Props(order, shop), ShopEvents.Product, 1),
                new(ShopEvents.PaymentCaptured, "A payment of an order was captured.", EventCatalogRegistration.Props(order, ("amount", PropertyType.Integer), ("currency", PropertyType.String), shop), ShopEvents.Product, 5),
                new(ShopEvents.PaymentFailed, "A payment was declined or failed.", EventCatalogRegistration.Props(("amount", PropertyType.Integer), ("currency", PropertyType.String)), ShopEvents.Product, 1),
                new(ShopEvents.PaymentRefunded, "A payment was refunded, in full or in part.", EventCatalogRegistration.Props(order, shop), ShopEvents.Product, 1),
                new(ShopEvents.SubscriptionStarted, "A subscription to a plan started (trialing or active).", EventCatalogRegistration.Props(("subscriptionId", PropertyType.String), ("status", PropertyType.String), shop), ShopEvents.Product, 5),
                new(ShopEvents.SubscriptionRenewed, "A subscription's period was paid.", EventCatalogRegistration.Props(("subscriptionId", PropertyType.String), shop), ShopEvents.Product, 3),
                new(ShopEvents.SubscriptionPastDue, "A subscription's renewal failed: past due.", EventCatalogRegistration.Props(("subscriptionId", PropertyType.String), shop), ShopEvents.Product, 1),
                new(ShopEvents.SubscriptionCanceled, "A subscription ended.", EventCatalogRegistration.Props(("subscriptionId", PropertyType.String), shop), ShopEvents.Product, 1))
            .Stylesheet("shop.css")
            .Funnel("Shop funnel", ShopEvents.Product,
                [new(ShopEvents.CartItemAdded, "Added to cart"), new(ShopEvents.OrderCreated, "Order placed"), new(ShopEvents.OrderPaid, "Order paid")],
                "People who shopped", "People appear here once they put something in their cart in this period.")
            .Customer360(ShopCustomer360.Fold)
            .Customer360Section(Customer360Place.Stats, "/Pages/Shared/Shop/_Customer360Stats.cshtml", 30)
            .Customer360Section(Customer360Place.ListColumn, "/Pages/Shared/Shop/_Customer360ListCell.cshtml", 30, "Shop")
            .PaymentEventHandler<PaymentWebhookHandler>(PaymentEvents.PaymentIntentSucceeded)
            .PaymentEventHandler<SubscriptionWebhookHandler>(PaymentEvents.InvoicePaid, PaymentEvents.InvoicePaymentFailed, PaymentEvents.SubscriptionDeleted, PaymentEvents.SubscriptionUpdated)
            .Dashboard<ShopDashboard>()
            .DemoData<ShopDemoSeeder>();
        services.AddScoped<ShopJournal>();
        services.AddScoped<CatalogService>();
        services.AddScoped<PricingService>();
        services.AddScoped<ProfileService>();
        services.AddScoped<CartService>();
        services.AddScoped<OrderService>();
        services.AddScoped<PaymentService>();
        services.AddScoped<SubscriptionService>();
        return services;
    }

    /// <summary>The shop's own section of the admin sidebar.</summary>
    public static readonly NavSection ShopSection = new("Shop", 50);
}
