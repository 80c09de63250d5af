using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Shop.Cart;
using Ecosystem.Shop.Catalog;
using Ecosystem.Shop.Data;
using Ecosystem.Shop.Orders;
using Ecosystem.Shop.Payments;
using Ecosystem.Shop.Profiles;
using Ecosystem.Shop.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Shop.Hosting;

/// <summary>
/// Demo mode: the catalog, and the demo client <c>client</c> with a profile, three orders (completed, running, awaiting
/// payment) paid with Stripe's test card through the simulated gateway, and the growth plan in its trial (with the Stripe
/// gateway, which takes no card details from the server, the orders stay unpaid and there is no subscription). Everything goes
/// through the module's own services. Idempotent: a catalog that exists is left as it is.
/// </summary>
internal sealed class ShopDemoSeeder : IDemoSeeder
{
    /// <summary>After the demo users (10).</summary>
    public int Order => 30;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ShopDbContext>();
        if (await db.Products.AnyAsync(cancellationToken).ConfigureAwait(false)) return;
        var op = services.GetRequiredService<OperationContext>();
        op.ActorId = "system:demo";
        var catalog = services.GetRequiredService<CatalogService>();
        foreach (var product in ShopCatalogSeed.Products) Check(await catalog.SaveAsync(null, product, cancellationToken).ConfigureAwait(false));

        var client = await services.GetRequiredService<IUserDirectory>().FindByUsernameAsync("client", cancellationToken).ConfigureAwait(false);
        if (client is null) return;
        op.ActorId = client.UserEcosystemId;
        var profiles = services.GetRequiredService<ProfileService>();
        Check(await profiles.SaveAsync(client.UserEcosystemId, new ProfileRequest("Clara Client", "Clara Creates GmbH", "DE123456789", "Friedrichstraße 68", null, "10117", "Berlin", "DE", "EUR",
            "@clara.creates", new ConsentRequest(true, true, true)), cancellationToken).ConfigureAwait(false));

        var carts = services.GetRequiredService<CartService>();
        var orders = services.GetRequiredService<OrderService>();
        var payments = services.GetRequiredService<PaymentService>();
        // Paying takes card details, which only the simulated gateway accepts: with Stripe the demo orders stay unpaid.
        var simulated = services.GetRequiredService<Ecosystem.Platform.Payments.IPaymentGateway>().Name == Ecosystem.Platform.Payments.SimulatedPaymentGateway.ProviderName;
        var owner = new CartOwner(client.UserEcosystemId, null);
        var card = new PayRequest("4242 4242 4242 4242", 12, services.GetRequiredService<TimeProvider>().GetUtcNow().Year + 3, "123", null);
        var placed = new List<string>();
        foreach (var (items, pay) in new[]
        {
            (new[] { new CartItemRequest("instagram-followers", "var_followers_5k", ["opt_followers_dach", "opt_followers_steady", "opt_followers_refill"], 1) }, true),
            (new[] { new CartItemRequest("targeted-campaign", null, ["opt_campaign_fashion", "opt_campaign_travel", "opt_campaign_balanced", "opt_campaign_brandsafe"], 1), new CartItemRequest("story-views", null, ["opt_story_fast"], 3) }, true),
            (new[] { new CartItemRequest("instagram-likes", "var_likes_2k", ["opt_likes_five", "opt_likes_auto"], 1) }, false),
        })
        {
            foreach (var item in items) Check(await carts.AddAsync(owner, item, cancellationToken).ConfigureAwait(false));
            var order = Check(await orders.CheckoutAsync(owner, new CheckoutRequest(null, true, null, null, null), cancellationToken).ConfigureAwait(false));
            if (pay && simulated) Check(await payments.PayAsync(client.UserEcosystemId, order.OrderNumber, card, "demo-" + order.OrderNumber, cancellationToken).ConfigureAwait(false));
            placed.Add(order.OrderNumber);
        }

        if (!simulated) return;
        op.ActorId = "system:demo";
        Check(await orders.TransitionAsync(placed[0], new TransitionRequest("activate", "Campaign started"), cancellationToken).ConfigureAwait(false));
        Check(await orders.TransitionAsync(placed[0], new TransitionRequest("complete", "All 5,000 followers delivered"), cancellationToken).ConfigureAwait(false));
        Check(await orders.TransitionAsync(placed[1], new TransitionRequest("activate", "Campaign running"), cancellationToken).ConfigureAwait(false));

        op.ActorId = client.UserEcosystemId;
        Check(await services.GetRequiredService<SubscriptionService>().StartAsync(client.UserEcosystemId, new StartSubscriptionRequest("pln_growth_monthly", null, null, null, null, null), cancellationToken).ConfigureAwait(false));
    }

    private static T Check<T>(Result<T> result) =>
        result.IsSuccess ? result.Value! : throw new InvalidOperationException("Shop demo seeding failed: " + result.Error!.Message);
}
