using Ecosystem.Platform;
using Ecosystem.Platform.Webhooks;

namespace Ecosystem.Shop.Subscriptions;

/// <summary>Renewals, failed renewals and cancellations of shop subscriptions, from either gateway, once per event.</summary>
internal sealed class SubscriptionWebhookHandler(SubscriptionService subscriptions) : IWebhookHandler
{
    public Task<Result<string>> HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken) =>
        subscriptions.HandleProviderEventAsync(webhookEvent, cancellationToken);
}
