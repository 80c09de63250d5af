using System.Collections.Frozen;
using System.Text.Json;
using Ecosystem.Platform;

namespace Ecosystem.Analytics.Catalog;

/// <summary>Every event name the platform knows (declared by each module), and validation of events against it.</summary>
internal sealed class EventCatalog(IEnumerable<EventDefinition> definitions)
{
    private readonly FrozenDictionary<string, EventDefinition> byName =
        definitions.GroupBy(d => d.Name, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public IReadOnlyCollection<EventDefinition> All => byName.Values;

    public EventDefinition? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>Null when the event is known and carries its required properties; otherwise why not.</summary>
    public string? Check(string name, JsonElement metadata)
    {
        if (!byName.TryGetValue(name, out var definition)) return $"unknown event name '{name}'";
        foreach (var (property, type) in definition.Required)
        {
            if (metadata.ValueKind != JsonValueKind.Object || !metadata.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return $"missing property '{property}'";
            }

            if (!Matches(value, type)) return $"property '{property}' must be {type.ToString().ToLowerInvariant()}";
        }

        return null;
    }

    private static bool Matches(JsonElement value, PropertyType type) => type switch
    {
        PropertyType.String => value.ValueKind == JsonValueKind.String,
        PropertyType.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        PropertyType.Number => value.ValueKind == JsonValueKind.Number,
        PropertyType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        PropertyType.Object => value.ValueKind == JsonValueKind.Object,
        PropertyType.Array => value.ValueKind == JsonValueKind.Array,
        _ => false,
    };
}
