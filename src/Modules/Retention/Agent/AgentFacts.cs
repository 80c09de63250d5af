namespace Ecosystem.Retention.Agent;

/// <summary>The facts a reply may use. Nothing here is secret: no card number, no token.</summary>
public sealed record AgentFacts(
    string FirstName, string Plan, string Amount, string RiskCategory, string CardDescription, string ProblemWhen, int Failures, int SecondsLeft, int Seed, int Turn)
{
    public Topic Topic { get; init; } = Topic.Other;
    public string? GatewayMessage { get; init; }
}
