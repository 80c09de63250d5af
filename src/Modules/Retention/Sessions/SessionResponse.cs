namespace Ecosystem.Retention.Sessions;

public sealed record SessionResponse(SessionSummary Session, string CustomerName, int SecondsLeft, IReadOnlyList<MessageResponse> Messages, int Version);
