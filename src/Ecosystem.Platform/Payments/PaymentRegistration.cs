using Ecosystem.Platform.Payments.Stripe;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ecosystem.Platform.Payments;

/// <summary>
/// Reads <c>Payments:*</c> (<see cref="PaymentOptions"/>) and registers the gateway. The simulated gateway is the
/// embedded default (a gateway registered earlier wins); <c>Payments:Provider=stripe</c> replaces any earlier one with
/// <see cref="StripePaymentGateway"/> over a named HttpClient. That client's default request loggers are removed: at
/// trace level they put request headers into the log state unredacted (only the formatted text honours
/// RedactLoggedHeaders), which would hand the Authorization header to any structured sink. The gateway logs its own
/// outcomes instead.
/// </summary>
internal static class PaymentRegistration
{
    public const string HttpClientStripe = "payments-stripe";

    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        var options = PaymentOptions.From(configuration);
        services.AddSingleton(options);
        if (options.UsesStripe)
        {
            services.RemoveAll<IPaymentGateway>();
            services.AddHttpClient<IPaymentGateway, StripePaymentGateway>(HttpClientStripe, client => client.Timeout = options.Stripe.Timeout)
                .RemoveAllLoggers();
        }
        else
        {
            services.TryAddScoped<IPaymentGateway, SimulatedPaymentGateway>();
        }

        // Renews the simulated gateway's subscriptions; idle when another gateway is in use (Stripe renews its own).
        services.AddHostedService<Simulated.SimulatedBillingWorker>();
        return services;
    }
}
