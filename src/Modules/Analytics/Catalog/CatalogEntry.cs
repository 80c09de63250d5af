namespace Ecosystem.Analytics.Catalog;

public sealed record CatalogEntry(
    string Name, string Domain, string Description, string? Product, int Weight, IReadOnlyDictionary<string, string> Required, bool Registered, long Count, DateTimeOffset? LastSeenAt);
