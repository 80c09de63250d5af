namespace Ecosystem.Platform;

/// <summary>Asks every module's <see cref="IPersonDirectory"/>; for a person several modules know, the first answer wins.</summary>
public static class PersonDirectories
{
    public static async Task<IReadOnlyDictionary<string, KnownPerson>> FindAsync(this IEnumerable<IPersonDirectory> directories, IReadOnlyCollection<string> userEcosystemIds, CancellationToken ct)
    {
        var found = new Dictionary<string, KnownPerson>(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            var missing = userEcosystemIds.Where(id => !found.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
            if (missing.Count == 0) break;
            foreach (var (id, person) in await directory.FindAsync(missing, ct).ConfigureAwait(false)) found.TryAdd(id, person);
        }

        return found;
    }
}
