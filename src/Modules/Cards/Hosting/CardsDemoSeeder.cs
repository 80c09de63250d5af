using Ecosystem.Cards.Accounts;
using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Cards.Hosting;

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
