using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ecosystem.Platform.Webhooks;

/// <summary>What the providers' verifiers share: HMAC-SHA256, constant-time comparison over every secret, the timestamp window, JSON fields.</summary>
internal static class Signatures
{
    public const string Missing = "WEBHOOK_SIGNATURE_MISSING";
    public const string Malformed = "WEBHOOK_SIGNATURE_MALFORMED";
    public const string Invalid = "WEBHOOK_SIGNATURE_INVALID";
    public const string Expired = "WEBHOOK_SIGNATURE_EXPIRED";
    public const string BadPayload = "WEBHOOK_PAYLOAD_MALFORMED";

    public static byte[] Hmac(byte[] key, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> payload)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(prefix);
        hmac.AppendData(payload);
        return hmac.GetHashAndReset();
    }

    /// <summary>True when any candidate matches the HMAC under any key. Every pair is compared, so the time taken does not say which matched.</summary>
    public static bool AnyMatches(IEnumerable<byte[]> keys, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> payload, IReadOnlyList<byte[]> candidates)
    {
        var matched = false;
        foreach (var key in keys)
        {
            var expected = Hmac(key, prefix, payload);
            foreach (var candidate in candidates) matched |= CryptographicOperations.FixedTimeEquals(expected, candidate);
        }

        return matched;
    }

    /// <summary>Null when <paramref name="unixSeconds"/> is within <paramref name="tolerance"/> of now, else the refusal.</summary>
    public static WebhookVerification? OutsideWindow(long unixSeconds, TimeProvider time, TimeSpan tolerance)
    {
        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        return age.Duration() <= tolerance ? null
            : WebhookVerification.Refuse(Expired, $"The signature's timestamp is {(age > TimeSpan.Zero ? "older" : "newer")} than the {tolerance.TotalSeconds:0} s tolerance.");
    }

    public static bool TryUnixSeconds(string? value, out long seconds)
    {
        seconds = 0;
        return value is { Length: > 0 and <= 12 } && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out seconds);
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>The body as a JSON object, or null when it is not one.</summary>
    public static JsonDocument? JsonObject(byte[] body)
    {
        try
        {
            var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object) return doc;
            doc.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
}
