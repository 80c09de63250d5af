using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Platform;

public enum PropertyType { String, Integer, Number, Boolean, Object, Array }

/// <summary>
/// An event the platform knows: its name, domain, meaning, the product it counts toward in Customer 360, its weight in
/// the engagement score, and the metadata properties it must carry (with their JSON types).
/// </summary>
public sealed record EventDefinition(
    string Name,
    string Description,
    IReadOnlyDictionary<string, PropertyType> Required,
    string? Product = null,
    int Weight = 1)
{
    public string Domain => Name.Split('.')[2];
}

public static class EventCatalogRegistration
{
    /// <summary>Each module declares the events it emits or accepts; Analytics validates client events against them.</summary>
    public static IServiceCollection AddEventDefinitions(this IServiceCollection services, params EventDefinition[] definitions)
    {
        foreach (var definition in definitions)
        {
            if (!EventNames.IsValid(definition.Name)) throw new ArgumentException($"'{definition.Name}' is not a valid event name.", nameof(definitions));
            services.AddSingleton(definition);
        }

        return services;
    }

    public static IReadOnlyDictionary<string, PropertyType> Props(params (string Name, PropertyType Type)[] props) =>
        props.ToDictionary(p => p.Name, p => p.Type, StringComparer.Ordinal);
}
