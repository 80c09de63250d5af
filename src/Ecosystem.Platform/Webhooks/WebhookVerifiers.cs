namespace Ecosystem.Platform.Webhooks;

/// <summary>Every provider's verifier by name: the registered ones (Stripe, WhatsApp) and one per configured Standard Webhooks provider.</summary>
public sealed class WebhookVerifiers
{
    private readonly Dictionary<string, IWebhookVerifier> byProvider = new(StringComparer.Ordinal);

    public WebhookVerifiers(IEnumerable<IWebhookVerifier> registered, WebhookOptions options, TimeProvider time)
    {
        foreach (var (provider, secrets) in options.HmacSecrets) byProvider[provider] = new HmacWebhookVerifier(provider, secrets, options, time);
        foreach (var verifier in registered) byProvider[verifier.Provider] = verifier;
    }

    /// <summary>The provider's verifier when its secret is configured; null for an unknown or unconfigured provider.</summary>
    public IWebhookVerifier? Find(string provider) =>
        byProvider.TryGetValue(provider, out var v) && v.IsConfigured ? v : null;
}
