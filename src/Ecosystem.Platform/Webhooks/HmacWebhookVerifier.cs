using System.Globalization;
using System.Text;

namespace Ecosystem.Platform.Webhooks;

/// <summary>
/// Any other provider, signed the Standard Webhooks way (Svix, and providers that adopted it): headers
/// <c>webhook-id</c>, <c>webhook-timestamp</c> and <c>webhook-signature: v1,{base64} [v1,{base64}…]</c>, HMAC-SHA256
/// over <c>"{id}.{timestamp}.{body}"</c> with the secret (<c>whsec_{base64}</c>, or any other text used as is). The
/// timestamp must be within 300 s of now. The event id is <c>webhook-id</c>; the type is the body's <c>type</c> or
/// <c>eventType</c> when it has one.
/// </summary>
internal sealed class HmacWebhookVerifier(string provider, IReadOnlyList<string> secrets, WebhookOptions options, TimeProvider time) : IWebhookVerifier
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    public string Provider => provider;

    public bool IsConfigured => secrets.Count > 0;

    public WebhookVerification Verify(WebhookRequest request)
    {
        var id = request.Header(IdHeader)?.Trim();
        var timestamp = request.Header(TimestampHeader)?.Trim();
        var signature = request.Header(SignatureHeader);
        if (string.IsNullOrEmpty(signature)) return WebhookVerification.Refuse(Signatures.Missing, "The webhook-signature header is missing.");
        if (id is not { Length: > 0 and <= 200 } || !Signatures.TryUnixSeconds(timestamp, out var seconds))
        {
            return WebhookVerification.Refuse(Signatures.Malformed, "The webhook-id or webhook-timestamp header is missing or not valid.");
        }

        var candidates = new List<byte[]>();
        foreach (var part in signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!part.StartsWith("v1,", StringComparison.Ordinal)) continue;
            var bytes = new byte[64];
            if (Convert.TryFromBase64String(part[3..], bytes, out var written) && written == 32) candidates.Add(bytes[..32]);
        }

        if (candidates.Count == 0) return WebhookVerification.Refuse(Signatures.Malformed, "The webhook-signature header has no v1 signature.");
        if (!Signatures.AnyMatches(secrets.Select(Key), Encoding.UTF8.GetBytes(id + "." + timestamp + "."), request.Body, candidates))
        {
            return WebhookVerification.Refuse(Signatures.Invalid, "No signature matches the body under the configured secrets.");
        }

        if (Signatures.OutsideWindow(seconds, time, options.Tolerance) is { } stale) return stale;
        using var doc = Signatures.JsonObject(request.Body);
        var type = doc is null ? null : Signatures.String(doc.RootElement, "type") ?? Signatures.String(doc.RootElement, "eventType");
        return WebhookVerification.Accept(id, type);
    }

    /// <summary>The three headers a sender puts on <paramref name="body"/> (fake servers and tests).</summary>
    public static IReadOnlyDictionary<string, string> CreateHeaders(string id, long unixSeconds, byte[] body, string secret)
    {
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var mac = Signatures.Hmac(Key(secret), Encoding.UTF8.GetBytes(id + "." + t + "."), body);
        return new Dictionary<string, string> { [IdHeader] = id, [TimestampHeader] = t, [SignatureHeader] = "v1," + Convert.ToBase64String(mac) };
    }

    private static byte[] Key(string secret)
    {
        if (secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            var buffer = new byte[secret.Length];
            if (Convert.TryFromBase64String(secret[6..], buffer, out var n)) return buffer[..n];
        }

        return Encoding.UTF8.GetBytes(secret);
    }
}
