using System.Globalization;
using System.Text;

namespace Ecosystem.Platform.Webhooks;

/// <summary>
/// Stripe's <c>Stripe-Signature: t=…,v1=…[,v1=…]</c>: HMAC-SHA256 with the endpoint secret over <c>"{t}.{raw body}"</c>,
/// hex. Any <c>v1</c> entry may match (Stripe sends one per active secret while it rolls one) and any configured secret
/// may match (ours). The timestamp must be within 300 s of now, either way. The event id is the body's <c>id</c>
/// (<c>evt_…</c>), the type its <c>type</c>.
/// </summary>
internal sealed class StripeWebhookVerifier(WebhookOptions options, TimeProvider time) : IWebhookVerifier
{
    public const string HeaderName = "Stripe-Signature";

    public string Provider => "stripe";

    public bool IsConfigured => options.StripeSecrets.Count > 0;

    public WebhookVerification Verify(WebhookRequest request)
    {
        var header = request.Header(HeaderName);
        if (string.IsNullOrWhiteSpace(header)) return WebhookVerification.Refuse(Signatures.Missing, "The Stripe-Signature header is missing.");
        if (!TryParse(header, out var timestamp, out var seconds, out var candidates))
        {
            return WebhookVerification.Refuse(Signatures.Malformed, "The Stripe-Signature header has no valid t= timestamp or no v1= signature.");
        }

        var keys = options.StripeSecrets.Select(Signatures.Utf8);
        if (!Signatures.AnyMatches(keys, Encoding.ASCII.GetBytes(timestamp + "."), request.Body, candidates))
        {
            return WebhookVerification.Refuse(Signatures.Invalid, "No signature matches the body under the configured secrets.");
        }

        if (Signatures.OutsideWindow(seconds, time, options.Tolerance) is { } stale) return stale;
        using var doc = Signatures.JsonObject(request.Body);
        var id = doc is null ? null : Signatures.String(doc.RootElement, "id");
        var type = doc is null ? null : Signatures.String(doc.RootElement, "type");
        return id is null || type is null
            ? WebhookVerification.Refuse(Signatures.BadPayload, "The body is not a Stripe event (a JSON object with an id and a type).")
            : WebhookVerification.Accept(id, type);
    }

    /// <summary>A complete <c>Stripe-Signature</c> value for this body, signed with each secret (the simulated gateway, fake servers and tests).</summary>
    public static string CreateHeader(long unixSeconds, byte[] body, params string[] secrets)
    {
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        return "t=" + t + string.Concat(secrets.Select(s => ",v1=" + Convert.ToHexStringLower(Signatures.Hmac(Signatures.Utf8(s), Encoding.ASCII.GetBytes(t + "."), body))));
    }

    public static string CreateHeader(long unixSeconds, string body, params string[] secrets) => CreateHeader(unixSeconds, Encoding.UTF8.GetBytes(body), secrets);

    private static bool TryParse(string header, out string timestamp, out long seconds, out List<byte[]> signatures)
    {
        timestamp = "";
        seconds = 0;
        signatures = [];
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            var key = part[..eq].Trim();
            var value = part[(eq + 1)..].Trim();
            if (key == "t")
            {
                if (timestamp.Length > 0 || !Signatures.TryUnixSeconds(value, out seconds)) return false;
                timestamp = value;
            }
            else if (key == "v1" && value.Length == 64 && value.All(char.IsAsciiHexDigit))
            {
                signatures.Add(Convert.FromHexString(value));
            }
        }

        return timestamp.Length > 0 && signatures.Count > 0;
    }
}
