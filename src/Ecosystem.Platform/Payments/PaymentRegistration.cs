using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ecosystem.Platform.Payments;

internal static class PaymentRegistration
{
    /// <summary>The simulated gateway is the embedded default; a real adapter registered before (or replacing) it wins.</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.TryAddScoped<IPaymentGateway, SimulatedPaymentGateway>();
        services.AddHostedService<Simulated.SimulatedBillingWorker>();
        return services;
    }
}
