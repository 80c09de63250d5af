namespace Ecosystem.Analytics.Ingestion;

public sealed record BatchResult(int Accepted, int Stored, int Quarantined, IReadOnlyList<RejectedEvent> Rejected);
