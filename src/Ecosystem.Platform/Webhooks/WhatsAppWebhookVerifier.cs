using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Ecosystem.Platform.Webhooks;

/// <summary>
/// The WhatsApp Cloud API (Meta): <c>X-Hub-Signature-256: sha256={hex}</c>, HMAC-SHA256 of the raw body with the app
/// secret; the subscription check is a <c>GET</c> with <c>hub.mode=subscribe</c>, <c>hub.verify_token</c> and
/// <c>hub.challenge</c>, answered with the challenge. Meta's payload has no event id and a retry resends the same bytes,
/// so the dedupe key is the body's SHA-256. The type is <c>messages</c> for incoming messages, <c>statuses</c> for
/// delivery and read receipts, else the change's <c>field</c>.
/// </summary>
internal sealed class WhatsAppWebhookVerifier(WebhookOptions options) : IWebhookVerifier
{
    public const string HeaderName = "X-Hub-Signature-256";

    public string Provider => "whatsapp";

    public bool IsConfigured => options.WhatsAppAppSecrets.Count > 0;

    public WebhookVerification Verify(WebhookRequest request)
    {
        var header = request.Header(HeaderName);
        if (string.IsNullOrWhiteSpace(header)) return WebhookVerification.Refuse(Signatures.Missing, "The X-Hub-Signature-256 header is missing.");
        var hex = header.Trim();
        if (!hex.StartsWith("sha256=", StringComparison.Ordinal) || hex.Length != 71 || !hex[7..].All(char.IsAsciiHexDigit))
        {
            return WebhookVerification.Refuse(Signatures.Malformed, "The X-Hub-Signature-256 header is not sha256= followed by 64 hex digits.");
        }

        if (!Signatures.AnyMatches(options.WhatsAppAppSecrets.Select(Signatures.Utf8), [], request.Body, [Convert.FromHexString(hex[7..])]))
        {
            return WebhookVerification.Refuse(Signatures.Invalid, "The signature does not match the body under the configured app secrets.");
        }

        using var doc = Signatures.JsonObject(request.Body);
        if (doc is null || Signatures.String(doc.RootElement, "object") is null)
        {
            return WebhookVerification.Refuse(Signatures.BadPayload, "The body is not a WhatsApp notification (a JSON object with \"object\").");
        }

        return WebhookVerification.Accept("sha256:" + Convert.ToHexStringLower(SHA256.HashData(request.Body)), TypeOf(doc.RootElement));
    }

    public string? AnswerChallenge(IQueryCollection query)
    {
        var token = options.WhatsAppVerifyToken;
        if (token is null || query["hub.mode"].ToString() != "subscribe") return null;
        var presented = query["hub.verify_token"].ToString();
        var challenge = query["hub.challenge"].ToString();
        if (challenge.Length is 0 or > 200 || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(token))) return null;
        return challenge;
    }

    /// <summary>A signature as Meta computes it (fake servers and tests).</summary>
    public static string Sign(byte[] body, string appSecret) => "sha256=" + Convert.ToHexStringLower(Signatures.Hmac(Signatures.Utf8(appSecret), [], body));

    private static string TypeOf(JsonElement root)
    {
        if (root.TryGetProperty("entry", out var entries) && entries.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in entries.EnumerateArray())
            {
                if (!entry.TryGetProperty("changes", out var changes) || changes.ValueKind != JsonValueKind.Array) continue;
                foreach (var change in changes.EnumerateArray())
                {
                    if (change.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Object)
                    {
                        if (value.TryGetProperty("statuses", out _)) return "statuses";
                        if (value.TryGetProperty("messages", out _)) return "messages";
                    }

                    if (Signatures.String(change, "field") is { } field) return field;
                }
            }
        }

        return Signatures.String(root, "object")!;
    }
}
