using System.Buffers;
using System.Text;
using System.Text.Json;
using Ecosystem.Analytics.Ingestion;

namespace Ecosystem.Analytics.Customers;

/// <summary>
/// The companies or accounts a person belongs to, from Segment group calls: per group id, when it was first and last
/// seen and the traits of its latest call by (occurredAt, eventId). Like every other 360 field an order-independent
/// function of the set of events, so the incremental view and a rebuild agree. At most <see cref="MaxGroups"/> per person
/// (the lowest group ids, ordinally: still independent of the order of arrival).
/// </summary>
internal sealed class Customer360Groups
{
    public const int MaxGroups = 50;

    private readonly SortedDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public IEnumerable<(string GroupId, JsonElement Traits, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt)> All =>
        entries.Select(e => (e.Key, Parse(e.Value.Traits), e.Value.First, e.Value.Last));

    public static Customer360Groups Read(string json)
    {
        var groups = new Customer360Groups();
        using var doc = JsonDocument.Parse(json);
        foreach (var g in doc.RootElement.EnumerateArray())
        {
            groups.entries[g.GetProperty("groupId").GetString()!] = new Entry(
                g.GetProperty("traits").GetRawText(), Ticks(g, "firstSeenAt"), Ticks(g, "lastSeenAt"), Ticks(g, "asOf"), g.GetProperty("asOfEventId").GetString()!);
        }

        return groups;
    }

    /// <summary>Folds one group call (its metadata: <c>{groupId, traits?}</c>).</summary>
    public void Apply(in EventFacts e)
    {
        using var doc = JsonDocument.Parse(e.Metadata);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("groupId", out var id) || id.ValueKind != JsonValueKind.String) return;
        var groupId = id.GetString()!;
        var traits = root.TryGetProperty("traits", out var t) && t.ValueKind == JsonValueKind.Object ? t.GetRawText() : "{}";
        if (entries.TryGetValue(groupId, out var entry))
        {
            var later = e.OccurredAt > entry.AsOf || (e.OccurredAt == entry.AsOf && string.CompareOrdinal(e.EventId, entry.AsOfEventId) > 0);
            entries[groupId] = new Entry(
                later ? traits : entry.Traits, e.OccurredAt < entry.First ? e.OccurredAt : entry.First, e.OccurredAt > entry.Last ? e.OccurredAt : entry.Last,
                later ? e.OccurredAt : entry.AsOf, later ? e.EventId : entry.AsOfEventId);
        }
        else
        {
            entries[groupId] = new Entry(traits, e.OccurredAt, e.OccurredAt, e.OccurredAt, e.EventId);
            if (entries.Count > MaxGroups) entries.Remove(entries.Keys.Last());
        }
    }

    public static bool IsGroupCall(string eventName) => eventName == SegmentEvents.Grouped;

    /// <summary>Canonical JSON: ordered by group id, times in ticks, traits as the call sent them.</summary>
    public string Write()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var (groupId, entry) in entries)
            {
                w.WriteStartObject();
                w.WriteString("groupId", groupId);
                w.WritePropertyName("traits");
                w.WriteRawValue(entry.Traits, skipInputValidation: true);
                w.WriteNumber("firstSeenAt", entry.First.UtcTicks);
                w.WriteNumber("lastSeenAt", entry.Last.UtcTicks);
                w.WriteNumber("asOf", entry.AsOf.UtcTicks);
                w.WriteString("asOfEventId", entry.AsOfEventId);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static DateTimeOffset Ticks(JsonElement g, string name) => new(g.GetProperty(name).GetInt64(), TimeSpan.Zero);

    private static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    private sealed record Entry(string Traits, DateTimeOffset First, DateTimeOffset Last, DateTimeOffset AsOf, string AsOfEventId);
}
