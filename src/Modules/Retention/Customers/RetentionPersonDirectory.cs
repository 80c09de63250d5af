using Ecosystem.Platform;
using Ecosystem.Retention.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Retention.Customers;

/// <summary>Names retention customers (most have no sign-in account) for the admin console's people pages.</summary>
internal sealed class RetentionPersonDirectory(RetentionDbContext db) : IPersonDirectory
{
    public async Task<IReadOnlyDictionary<string, KnownPerson>> FindAsync(IReadOnlyCollection<string> userEcosystemIds, CancellationToken ct)
    {
        if (userEcosystemIds.Count == 0) return new Dictionary<string, KnownPerson>(StringComparer.Ordinal);
        var rows = await db.Customers.AsNoTracking().Where(c => userEcosystemIds.Contains(c.UserEcosystemId))
            .Select(c => new { c.UserEcosystemId, c.Name, c.Email }).ToListAsync(ct).ConfigureAwait(false);
        return rows.ToDictionary(r => r.UserEcosystemId, r => new KnownPerson(r.Name, r.Email, "Retention customer"), StringComparer.Ordinal);
    }
}
