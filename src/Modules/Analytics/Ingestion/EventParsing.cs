using System.Text.Json;

namespace Ecosystem.Analytics.Ingestion;

/// <summary>Reads events from request JSON leniently (a wrong type in one event rejects that event, not the request).</summary>
internal static class EventParsing
{
    /// <summary>Our format: <c>{eventId?, eventName, occurredAt?, sentAt?, journeyId?, userEcosystemId?, anonymousId?, channel?, metadata?, context?}</c>.</summary>
    public static RawEvent Ours(JsonElement e, string? batchSentAt)
    {
        if (e.ValueKind != JsonValueKind.Object) return Invalid();

        // One pass over the properties (the hot path: 500 events per batch); a repeated name keeps its last value, as
        // JsonElement.TryGetProperty does.
        string? eventId = null, eventName = null, occurredAt = null, sentAt = null, journeyId = null, user = null, anonymousId = null, channel = null;
        JsonElement metadata = default, context = default;
        foreach (var p in e.EnumerateObject())
        {
            if (p.NameEquals("eventId"u8)) eventId = Str(p.Value);
            else if (p.NameEquals("eventName"u8)) eventName = Str(p.Value);
            else if (p.NameEquals("occurredAt"u8)) occurredAt = Str(p.Value);
            else if (p.NameEquals("userEcosystemId"u8)) user = Str(p.Value);
            else if (p.NameEquals("metadata"u8)) metadata = p.Value;
            else if (p.NameEquals("sentAt"u8)) sentAt = Str(p.Value);
            else if (p.NameEquals("journeyId"u8)) journeyId = Str(p.Value);
            else if (p.NameEquals("anonymousId"u8)) anonymousId = Str(p.Value);
            else if (p.NameEquals("channel"u8)) channel = Str(p.Value);
            else if (p.NameEquals("context"u8)) context = p.Value;
        }

        return new RawEvent(eventId, eventName, occurredAt, sentAt ?? batchSentAt, journeyId, user, anonymousId, metadata, context, channel, Size(e));
    }

    /// <summary>
    /// Segment's spec: <c>type</c> track | page | identify, <c>userId</c>, <c>anonymousId</c>, <c>event</c>,
    /// <c>properties</c>, <c>traits</c>, <c>context</c>, <c>timestamp</c>, <c>sentAt</c>, <c>messageId</c>.
    /// Journeys come from <c>context.journeyId</c> when the sender sets it, otherwise they are derived by inactivity.
    /// </summary>
    public static (RawEvent Event, string? LinkAnonymousId, string? LinkUserId) Segment(JsonElement e, string type, string? batchSentAt)
    {
        if (e.ValueKind != JsonValueKind.Object) return (Invalid(), null, null);
        var context = Get(e, "context");
        var journey = context.ValueKind == JsonValueKind.Object ? Str(context, "journeyId") : null;
        var userId = Str(e, "userId");
        var anonymousId = Str(e, "anonymousId");
        string? name;
        JsonElement metadata;
        switch (type)
        {
            case "track":
                name = Str(e, "event");
                metadata = Get(e, "properties");
                break;
            case "page":
            case "screen":
                metadata = PageMetadata(e, out var badText);
                name = badText ?? "com.ecosystem.web.page.viewed";
                break;
            case "identify":
                name = "com.ecosystem.analytics.identity.identified";
                metadata = Get(e, "traits");
                break;
            default:
                return (Invalid(), null, null);
        }

        var raw = new RawEvent(
            Str(e, "messageId"), name, Str(e, "timestamp") ?? Str(e, "originalTimestamp"), Str(e, "sentAt") ?? batchSentAt, journey,
            userId, anonymousId, metadata.ValueKind == JsonValueKind.Undefined ? default : metadata, context, Str(context, "channel"), Size(e));
        var link = !string.IsNullOrEmpty(userId) && !string.IsNullOrEmpty(anonymousId) && userId.Length <= 64 && anonymousId.Length <= 100
            && !userId.Any(char.IsControl) && !anonymousId.Any(char.IsControl); // also keeps the not-text markers out of the link table
        return (raw, link ? anonymousId : null, link ? userId : null);
    }

    /// <summary>The page call's properties plus its name and category; a non-string name or category comes back in <paramref name="badText"/> (the event then fails validation).</summary>
    private static JsonElement PageMetadata(JsonElement e, out string? badText)
    {
        badText = null;
        var props = Get(e, "properties");
        if (props.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null)) return props; // fails validation as non-object metadata
        try
        {
            var node = props.ValueKind == JsonValueKind.Object ? System.Text.Json.Nodes.JsonNode.Parse(props.GetRawText())!.AsObject() : [];
            foreach (var field in new[] { "name", "category" })
            {
                if (Str(e, field) is not { } text) continue;
                if (text.StartsWith('\u0000')) badText = text;
                else node[field] = text;
            }

            node.TryAdd("url", node["url"]?.DeepClone() ?? "");
            return JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
        }
        catch (InvalidOperationException)
        {
            badText = InvalidText; // a lone surrogate escape somewhere in the properties
            return default;
        }
    }

    /// <summary>What <see cref="Str"/> returns for a string that is not text (a lone UTF-16 surrogate escape such as <c>\ud800</c>).</summary>
    private const string InvalidText = "\u0000invalid:Text";

    private static RawEvent Invalid() => new(null, null, null, null, null, null, null, default, default, null, 0);

    private static JsonElement Get(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;

    /// <summary>A string property; a present non-string becomes a value that fails validation rather than null.</summary>
    internal static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? Str(v) : null;

    private static string? Str(JsonElement v)
    {
        if (v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) return "\u0000invalid:" + v.ValueKind;
        try
        {
            return v.GetString();
        }
        catch (InvalidOperationException)
        {
            return InvalidText;
        }
    }

    private static int Size(JsonElement e) => System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(e).Length;
}
