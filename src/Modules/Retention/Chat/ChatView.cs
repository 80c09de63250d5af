namespace Ecosystem.Retention.Chat;

/// <summary>The chat as the customer sees it: no ids of other people, no token, no admin.</summary>
public sealed record ChatView(
    string Status, string? Outcome, string CustomerFirstName, string RiskCategory, DateTimeOffset Deadline, int SecondsLeft, bool CardFormOpen,
    string Gateway, IReadOnlyList<ChatViewMessage> Messages);
