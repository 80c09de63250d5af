using Ecosystem.Cards.Contracts;
using Ecosystem.Cards.Data;
using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Cards;

public static class CardsModule
{
    public static IServiceCollection AddCardsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<CardsDbContext>("cards");
        services.AddModulePages(typeof(CardsModule).Assembly, pages =>
        {
            pages.AuthorizePage("/App/Card", Policies.SignedIn);
            pages.AuthorizeFolder("/Admin/Cards", Policies.CardsManage);
        });
        services.AddScoped<CardService>();
        var card = ("card", PropertyType.Object);
        services.AddEventDefinitions(
            new(CardEvents.OfferCreated, "A pre-approved card offer was created for the person.", EventCatalogRegistration.Props(("preapprovedLimit", PropertyType.Integer), ("currency", PropertyType.String), card), CardEvents.Product, 1),
            new(CardEvents.OfferViewed, "The person saw their pre-approved offer (client).", EventCatalogRegistration.Props(), CardEvents.Product, 2),
            new(CardEvents.OnboardingSigned, "The person signed the card agreement with \"I agree\".", EventCatalogRegistration.Props(("signatureId", PropertyType.String), card), CardEvents.Product, 10),
            new(CardEvents.PurchaseSimulated, "A simulated purchase was approved or declined.", EventCatalogRegistration.Props(("purchaseId", PropertyType.String), ("amount", PropertyType.Integer), ("approved", PropertyType.Boolean), card), CardEvents.Product, 5),
            new(CardEvents.LimitRaised, "The credit limit was raised by half the pre-approved limit.", EventCatalogRegistration.Props(("fromLimit", PropertyType.Integer), ("toLimit", PropertyType.Integer), card), CardEvents.Product, 3),
            new(CardEvents.AccountReset, "The card was reset to its pre-approved limit (full: back to pre-approved).", EventCatalogRegistration.Props(("full", PropertyType.Boolean), card), CardEvents.Product, 1));
        services.AddCustomer360Fold(CardsCustomer360.Fold);
        services.AddSingleton<IDemoSeeder, CardsDemoSeeder>();
        services.AddScoped<IDashboardContributor, CardsDashboard>();
        return services;
    }

    public static IEndpointRouteBuilder MapCardsModule(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        api.MapCardsApi();
        return endpoints;
    }
}

/// <summary>Demo mode: the demo user <c>user</c> starts with a pre-approved offer of 5,000.00 USD.</summary>
internal sealed class CardsDemoSeeder : IDemoSeeder
{
    public static readonly Money DemoLimit = new(500_000, "USD");

    public int Order => 20;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var user = await services.GetRequiredService<IUserDirectory>().FindByUsernameAsync("user", cancellationToken).ConfigureAwait(false);
        if (user is null) return;
        var result = await services.GetRequiredService<CardService>().OfferAsync(user.UserEcosystemId, DemoLimit, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess) throw new InvalidOperationException("Demo card offer failed: " + result.Error!.Message);
    }
}
