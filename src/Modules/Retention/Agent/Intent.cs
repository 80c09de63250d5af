namespace Ecosystem.Retention.Agent;

/// <summary>What the customer meant, as far as the conversation policy cares.</summary>
public enum Intent { Affirm, Decline, Refuse, Question, Other }
