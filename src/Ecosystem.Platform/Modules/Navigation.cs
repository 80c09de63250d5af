namespace Ecosystem.Platform;

/// <summary>The sidebar built from what the modules registered: the sections and links a person's roles may see.</summary>
public sealed class Navigation(IEnumerable<NavLink> links, Capabilities capabilities)
{
    private readonly NavLink[] all = [.. links.OrderBy(l => l.Section.Order).ThenBy(l => l.Order).ThenBy(l => l.Label, StringComparer.Ordinal)];

    public IReadOnlyList<NavLink> All => all;

    public IReadOnlyList<(NavSection Section, IReadOnlyList<NavLink> Links)> For(IEnumerable<string> roles)
    {
        var held = roles.ToArray();
        return [.. all.Where(l => capabilities.Allows(l.Capability, held))
            .GroupBy(l => l.Section)
            .Select(g => (g.Key, (IReadOnlyList<NavLink>)[.. g]))];
    }
}
