namespace Ecosystem.Retention.Chat;

public sealed record ChatMessageRequest(string? Content);
