namespace Ecosystem.Analytics.Ingestion;

public sealed record EventAccepted(string? EventId, bool Quarantined = false);
