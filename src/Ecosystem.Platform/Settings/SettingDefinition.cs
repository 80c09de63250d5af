using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ecosystem.Platform.Settings;

/// <summary>
/// An operator setting a module declares (<see cref="ModuleBuilder.Setting{T}"/>): a key, what it means, who may read and
/// change it, its default, and how a value is checked. The value is JSON of type <see cref="ValueType"/>.
/// </summary>
public sealed class SettingDefinition
{
    private readonly Func<JsonNode, IReadOnlyList<string>> check;

    internal SettingDefinition(string key, string module, string title, string description, string capability, Type valueType, JsonNode defaultValue, Func<JsonNode, IReadOnlyList<string>> check)
    {
        Key = key;
        Module = module;
        Title = title;
        Description = description;
        Capability = capability;
        ValueType = valueType;
        Default = defaultValue;
        this.check = check;
    }

    public string Key { get; }

    public string Module { get; }

    /// <summary>What operators call it, e.g. "Card attempts per chat".</summary>
    public string Title { get; }

    public string Description { get; }

    /// <summary>Who may read and change it.</summary>
    public string Capability { get; }

    public Type ValueType { get; }

    public JsonNode Default { get; }

    /// <summary>Problems with <paramref name="value"/> in words an operator reads; empty when it is valid.</summary>
    public IReadOnlyList<string> Check(JsonNode? value) => value is null ? ["A value is required."] : check(value);

    internal static SettingDefinition Create<T>(string key, string module, string title, string description, string capability, T defaultValue, Func<T, IEnumerable<string>>? validate)
    {
        var defaultNode = JsonSerializer.SerializeToNode(defaultValue, Json.Options) ?? throw new ArgumentException("A setting needs a default.", nameof(defaultValue));
        var definition = new SettingDefinition(key, module, title, description, capability, typeof(T), defaultNode, node =>
        {
            T? value;
            try
            {
                value = node.Deserialize<T>(Json.Options);
            }
            catch (JsonException)
            {
                return [$"The value must be {Describe(typeof(T))}."];
            }

            if (value is null) return ["A value is required."];
            return validate is null ? [] : [.. validate(value)];
        });
        if (definition.Check(defaultNode) is { Count: > 0 } problems) throw new ArgumentException($"The default of '{key}' is not valid: {string.Join(" ", problems)}", nameof(defaultValue));
        return definition;
    }

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(string) => "text in quotes",
        _ when type == typeof(decimal) || type == typeof(double) => "a number",
        _ => "an object of the documented shape",
    };
}
