using Ecosystem.Platform.Security;

namespace Ecosystem.Platform;

/// <summary>
/// The policy table: every capability that Platform and the registered modules declared, with its roles. Pages and
/// endpoints that decide by capability inside a handler (a link shown, a person's own object or an analyst) ask it.
/// </summary>
public sealed class Capabilities
{
    private readonly Dictionary<string, Capability> byName;

    public Capabilities(IEnumerable<Capability> declared)
    {
        byName = new Dictionary<string, Capability>(StringComparer.Ordinal);
        foreach (var capability in declared)
        {
            if (!byName.TryAdd(capability.Name, capability))
            {
                throw new InvalidOperationException($"The capability '{capability.Name}' is declared twice ({byName[capability.Name].Module}, {capability.Module}).");
            }
        }

        KnownRoles = new HashSet<string>(Security.Roles.All.Concat(byName.Values.SelectMany(c => c.Roles)), StringComparer.Ordinal);
    }

    /// <summary>Every declared capability, in the order the modules declared them.</summary>
    public IReadOnlyCollection<Capability> All => byName.Values;

    /// <summary>The roles a person can be given: Platform's and any a module's capability names.</summary>
    public IReadOnlySet<string> KnownRoles { get; }

    public Capability? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>Whether someone with <paramref name="roles"/> holds <paramref name="capability"/>.</summary>
    public bool Allows(string capability, IEnumerable<string> roles) =>
        capability == Policies.SignedIn
        || (byName.TryGetValue(capability, out var c) && roles.Any(r => c.Roles.Contains(r, StringComparer.Ordinal)));
}
