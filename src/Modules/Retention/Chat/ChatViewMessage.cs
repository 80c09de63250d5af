namespace Ecosystem.Retention.Chat;

public sealed record ChatViewMessage(string Sender, string Content, string MessageType, DateTimeOffset Timestamp);
