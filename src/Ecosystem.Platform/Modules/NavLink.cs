namespace Ecosystem.Platform;

/// <summary>
/// A sidebar link a module contributes (<see cref="ModuleBuilder.Navigation"/>): shown to whoever holds
/// <see cref="Capability"/>, ordered by <see cref="Order"/> inside its section. It is marked active on its own path and,
/// unless <see cref="ActivePrefixes"/> says otherwise, on paths below it.
/// </summary>
public sealed record NavLink(NavSection Section, string Label, string Href, string Icon, string Capability, int Order, string Id)
{
    /// <summary>Paths below which the link is active; null: <see cref="Href"/> itself (for paths longer than one segment).</summary>
    public IReadOnlyList<string>? ActivePrefixes { get; init; }

    public bool IsActive(string path)
    {
        if (path.Equals(Href, StringComparison.OrdinalIgnoreCase)) return true;
        var prefixes = ActivePrefixes ?? (Href.Length > 6 ? [Href] : []);
        return prefixes.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase));
    }
}
