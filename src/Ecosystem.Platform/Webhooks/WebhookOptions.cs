using Microsoft.Extensions.Configuration;

namespace Ecosystem.Platform.Webhooks;

/// <summary>
/// <c>Webhooks:*</c>: the signing secrets of each provider. Several secrets per provider are accepted at once, so a
/// secret is rotated by adding the new one, switching the provider over, then removing the old one. Secrets are
/// never logged or stored.
/// </summary>
public sealed record WebhookOptions
{
    /// <summary><c>Webhooks:Stripe:SigningSecrets</c>: the endpoint's <c>whsec_…</c> secrets.</summary>
    public IReadOnlyList<string> StripeSecrets { get; init; } = [];

    /// <summary><c>Webhooks:WhatsApp:AppSecrets</c>: the Meta app secrets that sign <c>X-Hub-Signature-256</c>.</summary>
    public IReadOnlyList<string> WhatsAppAppSecrets { get; init; } = [];

    /// <summary><c>Webhooks:WhatsApp:VerifyToken</c>: the token Meta's subscription check (<c>GET</c>) must present.</summary>
    public string? WhatsAppVerifyToken { get; init; }

    /// <summary><c>Webhooks:Hmac:{provider}:Secrets</c>: providers signing with Standard Webhooks (<c>webhook-signature</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> HmacSecrets { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>How far a signature's timestamp may be from now, either way (Stripe's and Standard Webhooks' 300 s).</summary>
    public TimeSpan Tolerance { get; init; } = TimeSpan.FromSeconds(300);

    public static WebhookOptions From(IConfiguration configuration)
    {
        var root = configuration.GetSection("Webhooks");
        return new WebhookOptions
        {
            StripeSecrets = List(root.GetSection("Stripe:SigningSecrets")),
            WhatsAppAppSecrets = List(root.GetSection("WhatsApp:AppSecrets")),
            WhatsAppVerifyToken = string.IsNullOrWhiteSpace(root["WhatsApp:VerifyToken"]) ? null : root["WhatsApp:VerifyToken"]!.Trim(),
            HmacSecrets = root.GetSection("Hmac").GetChildren()
                .Select(c => (Name: c.Key.ToLowerInvariant(), Secrets: List(c.GetSection("Secrets"))))
                .Where(p => p.Secrets.Count > 0)
                .ToDictionary(p => p.Name, p => p.Secrets, StringComparer.Ordinal),
        };
    }

    /// <summary>An array (<c>:0</c>, <c>:1</c>…) or one comma-separated value.</summary>
    private static IReadOnlyList<string> List(IConfigurationSection section) =>
        section.GetChildren().Select(c => c.Value).Append(section.Value)
            .Where(v => v is not null)
            .SelectMany(v => v!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal).ToArray();

    public override string ToString() =>
        $"WebhookOptions {{ Stripe = {StripeSecrets.Count} secret(s), WhatsApp = {WhatsAppAppSecrets.Count} secret(s), Hmac = [{string.Join(", ", HmacSecrets.Keys)}] }}";
}
