namespace Ecosystem.Analytics.WriteKeys;

/// <summary>The caller of an ingestion request resolved from a write key.</summary>
internal sealed record WriteKeySource(string Id, string Name, CatalogPolicy Policy);
