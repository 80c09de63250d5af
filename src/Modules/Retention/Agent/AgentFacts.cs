namespace Ecosystem.Retention.Agent;

/// <summary>The facts a reply may use. Nothing here is secret: no card number, no token.</summary>
public sealed record AgentFacts(
    string FirstName, string Plan, string Amount, string RiskCategory, string CardDescription, string ProblemWhen, int Failures, int SecondsLeft, int Seed, int Turn)
{
    public Topic Topic { get; init; } = Topic.Other;
    public string? GatewayMessage { get; init; }

    /// <summary>The card on file has already expired: <see cref="ProblemWhen"/> is then in the past ("at the end of November 2026").</summary>
    public bool CardExpired { get; init; }
}
