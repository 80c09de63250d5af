namespace Ecosystem.Retention.Agent;

/// <summary>What the agent is told to say next. The policy chooses the step; the model only phrases it.</summary>
public enum AgentStep { Greeting, Answer, AskAgain, Persuade, PaymentRequest, FormReminder, NotUnderstood, PaymentFailed, Confirmation, TechnicalFailure, Goodbye }
