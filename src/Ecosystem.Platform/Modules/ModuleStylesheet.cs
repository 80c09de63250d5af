namespace Ecosystem.Platform;

/// <summary>A module's own stylesheet (<see cref="ModuleBuilder.Stylesheet"/>), linked by the layout after the design system's.</summary>
public sealed record ModuleStylesheet(string Module, string Href);
