namespace Ecosystem.Platform;

/// <summary>A product on the customer app's overview page (<see cref="ModuleBuilder.ProductTile"/>).</summary>
public sealed record ProductTile(string Brand, string Title, string Description, string Href, string Action, string Id, int Order = 100);
