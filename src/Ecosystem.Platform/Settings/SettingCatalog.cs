using System.Text.RegularExpressions;

namespace Ecosystem.Platform.Settings;

/// <summary>Every setting the modules declared, by key. A key is <c>module.name</c> in lower case, e.g. <c>retention.max_payment_attempts</c>, or one of the seed's shared keys without a module (<c>quiet_hours</c>).</summary>
public sealed partial class SettingCatalog
{
    private readonly Dictionary<string, SettingDefinition> byKey = new(StringComparer.Ordinal);

    public SettingCatalog(IEnumerable<SettingDefinition> definitions)
    {
        foreach (var definition in definitions)
        {
            if (!KeyPattern().IsMatch(definition.Key)) throw new InvalidOperationException($"'{definition.Key}' is not a setting key (module.name or a seed key, lower case, at most 100 characters).");
            if (!byKey.TryAdd(definition.Key, definition)) throw new InvalidOperationException($"The setting '{definition.Key}' is declared twice.");
        }
    }

    public IEnumerable<SettingDefinition> All => byKey.Values.OrderBy(d => d.Module, StringComparer.Ordinal).ThenBy(d => d.Key, StringComparer.Ordinal);

    public SettingDefinition? Find(string key) => byKey.GetValueOrDefault(key);

    [GeneratedRegex(@"^(?=.{3,100}$)[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
