namespace Ecosystem.Platform;

/// <summary>
/// A funnel a module declares for the analytics overview (<see cref="ModuleBuilder.Funnel"/>): distinct people who
/// reached each step's event after the previous one. <see cref="Product"/> links to that product's people;
/// <see cref="PeopleLabel"/> and <see cref="EmptyHint"/> are the words on the page.
/// </summary>
public sealed record FunnelDefinition(string Module, string Title, string Product, IReadOnlyList<FunnelStepDefinition> Steps, string PeopleLabel, string EmptyHint, int Order = 100);
