using Ecosystem.Retention.Chat;
using Ecosystem.Retention.Sessions;

namespace Ecosystem.Retention.Agent;

/// <summary>What the policy decided for one customer turn.</summary>
internal sealed record TurnDecision(SessionStatus Status, SessionOutcome? Outcome, AgentStep Step, MessageType MessageType, int Declines);
