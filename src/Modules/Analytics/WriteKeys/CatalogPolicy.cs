namespace Ecosystem.Analytics.WriteKeys;

/// <summary>What happens to an event the catalog does not accept (unknown name or missing properties).</summary>
public enum CatalogPolicy { Reject, Quarantine }
