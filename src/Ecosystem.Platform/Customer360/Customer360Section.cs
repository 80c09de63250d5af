namespace Ecosystem.Platform;

/// <summary>
/// A module's part of the Customer 360 pages (<see cref="ModuleBuilder.Customer360Section"/>): a Razor partial in the
/// module's assembly (e.g. <c>/Pages/Shared/Cards/_Customer360Stats.cshtml</c>) whose model is the person's
/// <see cref="ICustomer360Fields"/>. Analytics renders the sections in <see cref="Order"/> and names no module.
/// </summary>
public sealed record Customer360Section(string Module, Customer360Place Place, string Partial, int Order = 100, string? Header = null);
