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
    /// Segment's spec, all six call types: <c>type</c> track | page | screen | identify | group | alias, <c>userId</c>,
    /// <c>anonymousId</c>, <c>event</c>, <c>properties</c>, <c>traits</c>, <c>groupId</c>, <c>previousId</c>,
    /// <c>context</c>, <c>timestamp</c>, <c>sentAt</c>, <c>messageId</c>. Journeys come from <c>context.journeyId</c> when
    /// the sender sets it, otherwise they are derived by inactivity. identify (with both ids) links the anonymous id to
    /// the person; alias links <c>previousId</c> (an anonymous id or an older user id) to <c>userId</c>, which merges the
    /// two into one person; group keeps <c>groupId</c> and its <c>traits</c> on the person's Customer 360.
    /// </summary>
    public static RawEvent Segment(JsonElement e, string type, string? batchSentAt, DateTimeOffset now)
    {
        if (e.ValueKind != JsonValueKind.Object) return Invalid();
        var context = Get(e, "context");
        var journey = context.ValueKind == JsonValueKind.Object ? Str(context, "journeyId") : null;
        var userId = Str(e, "userId");
        var anonymousId = Str(e, "anonymousId");
        string? name, problem = null;
        IdentityLinkRequest? link = null;
        JsonElement metadata;
        switch (type)
        {
            case "track":
                name = Str(e, "event");
                metadata = Get(e, "properties");
                break;
            case "page":
                metadata = PageMetadata(e, url: true, out var badText);
                name = badText ?? SegmentEvents.PageViewed;
                break;
            case "screen":
                metadata = PageMetadata(e, url: false, out var badScreenText);
                name = badScreenText ?? SegmentEvents.ScreenViewed;
                break;
            case "identify":
                name = SegmentEvents.Identified;
                metadata = Get(e, "traits");
                if (Linkable(anonymousId, 100) && Linkable(userId, 64)) link = new IdentityLinkRequest(anonymousId!, userId!, now);
                break;
            case "group":
                name = SegmentEvents.Grouped;
                var groupId = Str(e, "groupId");
                problem = string.IsNullOrEmpty(groupId) ? "group needs groupId: the company or account the person belongs to"
                    : !Linkable(groupId, 100) ? "groupId must be a string of 1-100 printable characters"
                    : Get(e, "traits").ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null) ? "traits must be a JSON object"
                    : null;
                metadata = problem is null ? GroupMetadata(groupId!, Get(e, "traits")) : default;
                break;
            case "alias":
                name = SegmentEvents.Aliased;
                var previousId = Str(e, "previousId");
                problem = string.IsNullOrEmpty(userId) ? "alias needs userId: the id the person is known by from now on"
                    : string.IsNullOrEmpty(previousId) ? "alias needs previousId: the anonymousId or earlier userId to merge into userId"
                    : !Linkable(userId, 64) ? "userId must be a string of at most 64 printable characters"
                    : !Linkable(previousId, 100) ? "previousId must be a string of 1-100 printable characters"
                    : null;
                metadata = problem is null ? JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["previousId"] = previousId! }) : default;
                if (problem is null) link = new IdentityLinkRequest(previousId!, userId!, now);
                break;
            default:
                return Invalid(string.IsNullOrEmpty(type) ? "type is required: track, page, screen, identify, group or alias" : "type must be track, page, screen, identify, group or alias");
        }

        return new RawEvent(
            Str(e, "messageId"), name, Str(e, "timestamp") ?? Str(e, "originalTimestamp"), Str(e, "sentAt") ?? batchSentAt, journey,
            userId, anonymousId, metadata.ValueKind == JsonValueKind.Undefined ? default : metadata, context, Str(context, "channel"), Size(e), problem, link);
    }

    /// <summary>An id that can go into the link table: text (not one of the not-text markers), no control characters, short enough.</summary>
    private static bool Linkable(string? id, int max) => !string.IsNullOrEmpty(id) && id.Length <= max && !id.Any(char.IsControl);

    private static JsonElement GroupMetadata(string groupId, JsonElement traits)
    {
        var node = new System.Text.Json.Nodes.JsonObject { ["groupId"] = groupId };
        if (traits.ValueKind == JsonValueKind.Object) node["traits"] = System.Text.Json.Nodes.JsonNode.Parse(traits.GetRawText());
        return JsonSerializer.SerializeToElement(node);
    }

    /// <summary>
    /// The page or screen call's properties plus its name and category (and, for a page, <c>url</c>, empty when absent);
    /// a non-string name or category comes back in <paramref name="badText"/> (the event then fails validation).
    /// </summary>
    private static JsonElement PageMetadata(JsonElement e, bool url, out string? badText)
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

            if (url) node.TryAdd("url", node["url"]?.DeepClone() ?? "");
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

    private static RawEvent Invalid(string? problem = null) => new(null, null, null, null, null, null, null, default, default, null, 0, problem);

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
