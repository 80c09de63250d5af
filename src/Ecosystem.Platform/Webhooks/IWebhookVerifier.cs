using Microsoft.AspNetCore.Http;

namespace Ecosystem.Platform.Webhooks;

/// <summary>
/// Checks one provider's signature on the raw request and names the provider's event id (the dedupe key) and type.
/// Registered as a singleton per provider; a provider without a verifier, or whose secret is not configured, is 404.
/// </summary>
public interface IWebhookVerifier
{
    /// <summary>The <c>{provider}</c> in <c>/api/webhooks/{provider}</c>, lower case.</summary>
    string Provider { get; }

    /// <summary>False when its secret is not configured: the endpoint answers 404, as for an unknown provider.</summary>
    bool IsConfigured { get; }

    WebhookVerification Verify(WebhookRequest request);

    /// <summary>
    /// The answer to a provider's <c>GET</c> subscription check (WhatsApp's <c>hub.challenge</c>), or null when the
    /// provider has none or the check fails (the endpoint then answers 403).
    /// </summary>
    string? AnswerChallenge(IQueryCollection query) => null;
}
