namespace Ecosystem.Shop.Catalog;

/// <summary>A list answered as <c>{ items: [...] }</c>.</summary>
public sealed record ItemsResponse<T>(IReadOnlyList<T> Items);
