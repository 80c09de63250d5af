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
