namespace Ecosystem.Retention.Sessions;

public sealed record MessageResponse(string MessageId, string Sender, string Content, string MessageType, DateTimeOffset Timestamp);
