using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ecosystem.Analytics.Pages;

/// <summary>Small text helpers shared by the analytics admin pages.</summary>
internal static class AnalyticsFormat
{
    private const string Prefix = "com.ecosystem.";
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The event name without the common <c>com.ecosystem.</c> prefix, e.g. <c>credit-card.offer.viewed</c>.</summary>
    public static string ShortName(string eventName) =>
        eventName.StartsWith(Prefix, StringComparison.Ordinal) ? eventName[Prefix.Length..] : eventName;

    /// <summary>An id escaped for a URL path segment or query value (ids from write-key sources may hold any printable character).</summary>
    public static string Url(string id) => Uri.EscapeDataString(id);

    /// <summary>When, relative to now: <c>just now</c>, <c>4 min ago</c>, <c>3 h ago</c>, <c>2 d ago</c>, or the date.</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var d = now - at;
        if (d < TimeSpan.FromMinutes(1)) return d < TimeSpan.FromMinutes(-1) ? "in the future" : "just now";
        if (d < TimeSpan.FromHours(1)) return $"{(int)d.TotalMinutes} min ago";
        if (d < TimeSpan.FromDays(1)) return $"{(int)d.TotalHours} h ago";
        if (d < TimeSpan.FromDays(60)) return $"{(int)d.TotalDays} d ago";
        return at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>A duration in two units at most: <c>350 ms</c>, <c>12 s</c>, <c>3 min 5 s</c>, <c>2 h 10 min</c>, <c>4 d 3 h</c>.</summary>
    public static string Duration(TimeSpan d)
    {
        if (d < TimeSpan.Zero) d = d.Negate();
        if (d < TimeSpan.FromSeconds(1)) return $"{(int)d.TotalMilliseconds} ms";
        if (d < TimeSpan.FromMinutes(1)) return $"{(int)d.TotalSeconds} s";
        if (d < TimeSpan.FromHours(1)) return d.Seconds == 0 ? $"{(int)d.TotalMinutes} min" : $"{(int)d.TotalMinutes} min {d.Seconds} s";
        if (d < TimeSpan.FromDays(1)) return d.Minutes == 0 ? $"{(int)d.TotalHours} h" : $"{(int)d.TotalHours} h {d.Minutes} min";
        return d.Hours == 0 ? $"{(int)d.TotalDays} d" : $"{(int)d.TotalDays} d {d.Hours} h";
    }

    /// <summary>
    /// The first few metadata fields as (key, value) text, nested objects flattened one level (<c>card.status</c>),
    /// arrays and deeper objects summarised; values cut at <paramref name="maxValue"/> characters.
    /// </summary>
    public static IReadOnlyList<(string Key, string Value)> Summary(JsonElement metadata, int maxFields = 6, int maxValue = 48)
    {
        var fields = new List<(string, string)>();
        if (metadata.ValueKind != JsonValueKind.Object) return fields;
        foreach (var p in metadata.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var inner in p.Value.EnumerateObject()) fields.Add(($"{p.Name}.{inner.Name}", Scalar(inner.Value, maxValue)));
            }
            else
            {
                fields.Add((p.Name, Scalar(p.Value, maxValue)));
            }
        }

        return fields.Count <= maxFields ? fields : [.. fields.Take(maxFields - 1), ("…", $"{fields.Count - maxFields + 1} more")];
    }

    /// <summary>Stored JSON re-serialised without \uXXXX escapes, for reading (Razor HTML-encodes the result).</summary>
    public static string Json(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(doc.RootElement, Readable);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static string Scalar(JsonElement value, int max)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? "",
            JsonValueKind.Object => $"{{{value.EnumerateObject().Count()} fields}}",
            JsonValueKind.Array => $"[{value.GetArrayLength()} items]",
            _ => value.GetRawText(),
        };
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
    }
}
