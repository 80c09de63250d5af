namespace Ecosystem.Retention.Agent;

/// <summary>What a question is about, so the policy can pick the right answer.</summary>
public enum Topic { Why, Safety, Identity, Cost, Time, Other }
