namespace Ecosystem.Analytics.Ingestion;

public sealed record SegmentResponse(bool Success, int Accepted, int Quarantined, IReadOnlyList<RejectedEvent> Rejected);
