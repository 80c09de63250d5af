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
            new("com.ecosystem.credit-card.offer.created", "A pre-approved card offer was created for the person.", EventCatalogRegistration.Props(("preapprovedLimit", PropertyType.Integer), ("currency", PropertyType.String), card), "credit-card", 1),
            new("com.ecosystem.credit-card.offer.viewed", "The person saw their pre-approved offer (client).", EventCatalogRegistration.Props(), "credit-card", 2),
            new("com.ecosystem.credit-card.onboarding.signed", "The person signed the card agreement with \"I agree\".", EventCatalogRegistration.Props(("signatureId", PropertyType.String), card), "credit-card", 10),
            new("com.ecosystem.credit-card.purchase.simulated", "A simulated purchase was approved or declined.", EventCatalogRegistration.Props(("purchaseId", PropertyType.String), ("amount", PropertyType.Integer), ("approved", PropertyType.Boolean), card), "credit-card", 5),
            new("com.ecosystem.credit-card.limit.raised", "The credit limit was raised by half the pre-approved limit.", EventCatalogRegistration.Props(("fromLimit", PropertyType.Integer), ("toLimit", PropertyType.Integer), card), "credit-card", 3),
            new("com.ecosystem.credit-card.account.reset", "The card was reset to its pre-approved limit (full: back to pre-approved).", EventCatalogRegistration.Props(("full", PropertyType.Boolean), card), "credit-card", 1));
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
