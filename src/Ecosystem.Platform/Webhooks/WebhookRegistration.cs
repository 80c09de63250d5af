using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Platform.Webhooks;

internal static class WebhookRegistration
{
    public static IServiceCollection AddWebhookInbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(WebhookOptions.From(configuration));
        services.AddSingleton<IWebhookVerifier, StripeWebhookVerifier>();
        services.AddSingleton<IWebhookVerifier, WhatsAppWebhookVerifier>();
        services.AddSingleton<WebhookVerifiers>();
        services.AddScoped<WebhookInbox>();
        services.AddHostedService<WebhookRetryWorker>();
        return services;
    }
}
