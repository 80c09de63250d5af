using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ecosystem.Retention.Adapters;

/// <summary>
/// Verifies Stripe's <c>Stripe-Signature: t=…,v1=…[,v1=…][,v0=…]</c> header: HMAC-SHA256 with the endpoint secret over
/// <c>"{t}.{raw body}"</c>, hex-encoded, compared in constant time. Any <c>v1</c> entry may match (Stripe sends one per
/// active secret while a secret is being rolled) and any configured secret may match (our side of the rotation). The
/// timestamp must be within the tolerance (default 300 s) of <see cref="TimeProvider"/> now, in either direction.
/// Pure: no I/O, no logging; the body must be the exact bytes received (do not re-serialize the JSON).
/// </summary>
internal sealed class StripeWebhookVerifier(TimeProvider time)
{
    public const string HeaderName = "Stripe-Signature";
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromSeconds(300);

    public StripeWebhookVerification Verify(string payload, string? signatureHeader, IReadOnlyCollection<string> secrets, TimeSpan? tolerance = null) =>
        Verify(Encoding.UTF8.GetBytes(payload), signatureHeader, secrets, tolerance);

    public StripeWebhookVerification Verify(ReadOnlySpan<byte> payload, string? signatureHeader, IReadOnlyCollection<string> secrets, TimeSpan? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var usable = secrets.Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
        if (usable.Count == 0)
        {
            return Refuse(StripeWebhookFailure.NotConfigured, "No Stripe webhook secret is configured.");
        }

        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            return Refuse(StripeWebhookFailure.MissingHeader, "The Stripe-Signature header is missing.");
        }

        if (!TryParseHeader(signatureHeader, out var timestamp, out var unixSeconds, out var signatures))
        {
            return Refuse(StripeWebhookFailure.MalformedHeader, "The Stripe-Signature header has no valid t= timestamp or no v1= signature.");
        }

        var matched = false;
        foreach (var secret in usable)
        {
            var expected = Hmac(secret, timestamp, payload);
            foreach (var candidate in signatures)
            {
                // Evaluate every pair: the time taken does not depend on which secret or entry matched.
                matched |= CryptographicOperations.FixedTimeEquals(expected, candidate);
            }
        }

        if (!matched)
        {
            return Refuse(StripeWebhookFailure.BadSignature, "No signature matches the payload.");
        }

        var limit = tolerance ?? DefaultTolerance;
        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        if (age.Duration() > limit)
        {
            return Refuse(StripeWebhookFailure.OutsideTolerance,
                $"The signature timestamp is {(age > TimeSpan.Zero ? "older" : "newer")} than the {limit.TotalSeconds:0} s tolerance.");
        }

        return ParseEvent(payload);
    }

    /// <summary>The hex <c>v1</c> signature Stripe would send for this payload (for fake servers and tests).</summary>
    public static string ComputeSignature(string secret, long unixSeconds, ReadOnlySpan<byte> payload) =>
        Convert.ToHexStringLower(Hmac(secret, unixSeconds.ToString(CultureInfo.InvariantCulture), payload));

    /// <summary>A complete <c>Stripe-Signature</c> value for this payload, signed with each secret (for fake servers and tests).</summary>
    public static string CreateHeader(long unixSeconds, string payload, params string[] secrets)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        return "t=" + unixSeconds.ToString(CultureInfo.InvariantCulture)
            + string.Concat(secrets.Select(s => ",v1=" + ComputeSignature(s, unixSeconds, bytes)));
    }

    private static StripeWebhookVerification Refuse(StripeWebhookFailure failure, string reason) => new(failure, reason, null);

    private static byte[] Hmac(string secret, string timestamp, ReadOnlySpan<byte> payload)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp + "."));
        hmac.AppendData(payload);
        return hmac.GetHashAndReset();
    }

    private static bool TryParseHeader(string header, out string timestamp, out long unixSeconds, out List<byte[]> signatures)
    {
        timestamp = "";
        unixSeconds = 0;
        signatures = [];
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            var key = part[..eq].Trim();
            var value = part[(eq + 1)..].Trim();
            if (key == "t")
            {
                if (timestamp.Length > 0 || value.Length is 0 or > 12
                    || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out unixSeconds))
                {
                    return false;
                }

                timestamp = value;
            }
            else if (key == "v1" && value.Length == 64)
            {
                try
                {
                    signatures.Add(Convert.FromHexString(value));
                }
                catch (FormatException)
                {
                    // not hex: ignore this entry, like Stripe's own libraries ignore unknown entries
                }
            }
        }

        return timestamp.Length > 0 && signatures.Count > 0;
    }

    private static StripeWebhookVerification ParseEvent(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(id.GetString())
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(type.GetString()))
            {
                return Refuse(StripeWebhookFailure.MalformedPayload, "The body is not a Stripe event (string id and type are required).");
            }

            DateTimeOffset? created = root.TryGetProperty("created", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out var secs)
                && secs is >= 0 and < 253402300800
                ? DateTimeOffset.FromUnixTimeSeconds(secs)
                : null;
            var live = root.TryGetProperty("livemode", out var l) && l.ValueKind == JsonValueKind.True;
            var obj = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("object", out var o) && o.ValueKind == JsonValueKind.Object
                ? o.Clone()
                : default;
            var ev = new StripeWebhookEvent(id.GetString()!, type.GetString()!, created, live, obj, null, null);
            ev = ev with { ObjectId = ev.ObjectString("id"), ObjectType = ev.ObjectString("object") };
            return new StripeWebhookVerification(StripeWebhookFailure.None, "Verified.", ev);
        }
        catch (JsonException)
        {
            return Refuse(StripeWebhookFailure.MalformedPayload, "The body is not valid JSON.");
        }
    }
}
