using Ecosystem.Cards.Accounts;
using Ecosystem.Cards.Contracts;
using Ecosystem.Cards.Data;
using Ecosystem.Cards.Hosting;
using Ecosystem.Cards.Purchases;
using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Cards;

/// <summary>
/// The ACME credit card (seed 000): a pre-approved offer, digital-signature onboarding, simulated purchases, raise-limit
/// and reset. Everything the module owns is registered here; the host names it only in <c>Program.cs</c>.
/// </summary>
public static class CardsModule
{
    public static IServiceCollection AddCardsModule(this IServiceCollection services, IConfiguration configuration)
    {
        var card = ("card", PropertyType.Object);
        services.AddModule("cards", typeof(CardsModule))
            .DbContext<CardsDbContext>()
            .Capability(CardPolicies.Manage, "See and manage every person's card.", Roles.Admin, Roles.SuperAdmin, Roles.Support)
            .Endpoints(api =>
            {
                var me = api.MapGroup("/cards/me").WithTags("Cards").RequireAuthorization(Policies.SignedIn);
                var admin = api.MapGroup("/admin/cards").WithTags("Admin: cards").RequireAuthorization(CardPolicies.Manage);
                CardEndpoints.Map(me, admin);
                PurchaseEndpoints.Map(me, admin);
            })
            .Pages(pages =>
            {
                pages.AuthorizePage("/App/Card", Policies.SignedIn);
                pages.AuthorizeFolder("/Admin/Cards", CardPolicies.Manage);
            })
            .Navigation(
                new NavLink(NavSection.MyProducts, "Credit card", "/app/card", "▭", Policies.SignedIn, 10, "credit-card"),
                new NavLink(NavSection.AdminConsole, "Cards", "/admin/cards", "▤", CardPolicies.Manage, 20, "admin-cards"))
            .ProductTile(new ProductTile("ACME", "Credit card", "See your pre-approved offer, sign in seconds, and try purchases.", "/app/card", "Open credit card →", "credit-card", 10))
            .PersonLink(new PersonLink("Card", "/admin/cards/{userEcosystemId}", CardPolicies.Manage, 10))
            .Events(
                new(CardEvents.OfferCreated, "A pre-approved card offer was created for the person.", EventCatalogRegistration.Props(("preapprovedLimit", PropertyType.Integer), ("currency", PropertyType.String), card), CardEvents.Product, 1),
                new(CardEvents.OfferViewed, "The person saw their pre-approved offer (client).", EventCatalogRegistration.Props(), CardEvents.Product, 2),
                new(CardEvents.OnboardingSigned, "The person signed the card agreement with \"I agree\".", EventCatalogRegistration.Props(("signatureId", PropertyType.String), card), CardEvents.Product, 10),
                new(CardEvents.PurchaseSimulated, "A simulated purchase was approved or declined.", EventCatalogRegistration.Props(("purchaseId", PropertyType.String), ("amount", PropertyType.Integer), ("approved", PropertyType.Boolean), card), CardEvents.Product, 5),
                new(CardEvents.LimitRaised, "The credit limit was raised by half the pre-approved limit.", EventCatalogRegistration.Props(("fromLimit", PropertyType.Integer), ("toLimit", PropertyType.Integer), card), CardEvents.Product, 3),
                new(CardEvents.AccountReset, "The card was reset to its pre-approved limit (full: back to pre-approved).", EventCatalogRegistration.Props(("full", PropertyType.Boolean), card), CardEvents.Product, 1))
            .Stylesheet("cards.css")
            .Funnel("Credit-card funnel", CardEvents.Product,
                [new(CardEvents.OfferViewed, "Offer viewed"), new(CardEvents.OnboardingSigned, "Agreement signed"), new(CardEvents.PurchaseSimulated, "Purchase made")],
                "People with a card", "People appear here once they view their card offer in this period.")
            .Customer360(CardsCustomer360.Fold)
            .Customer360Section(Customer360Place.Stats, "/Pages/Shared/Cards/_Customer360Stats.cshtml", 10)
            .Customer360Section(Customer360Place.Counters, "/Pages/Shared/Cards/_Customer360Counters.cshtml", 10)
            .Customer360Section(Customer360Place.ListColumn, "/Pages/Shared/Cards/_Customer360ListCell.cshtml", 10, "Card")
            .Dashboard<CardsDashboard>()
            .DemoData<CardsDemoSeeder>();
        services.AddScoped<CardService>();
        services.AddScoped<PurchaseService>();
        return services;
    }
}
