namespace Ecosystem.Analytics.Ingestion;

public sealed record RejectedEvent(int Index, string Code, string Reason);
