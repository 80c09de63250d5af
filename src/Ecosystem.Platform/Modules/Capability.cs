namespace Ecosystem.Platform;

/// <summary>
/// A named permission (an authorization policy) and the roles that hold it. Platform declares its own
/// (<see cref="Security.Policies"/>); each module declares its own with <see cref="ModuleBuilder.Capability"/>.
/// </summary>
public sealed record Capability(string Name, string Description, IReadOnlyList<string> Roles, string Module);
