using Ecosystem.Analytics.Data;
using Ecosystem.Platform;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Analytics.Catalog;

internal sealed class CatalogQueries(AnalyticsDbContext db, EventCatalog catalog)
{
    /// <summary>The catalog with per-event volume and last seen; names stored but not declared are listed too.</summary>
    public async Task<IReadOnlyList<CatalogEntry>> ListAsync(CancellationToken ct)
    {
        var stats = await db.Stats.AsNoTracking().ToDictionaryAsync(s => s.EventName, ct).ConfigureAwait(false);
        var entries = catalog.All.Select(d =>
        {
            var s = stats.GetValueOrDefault(d.Name);
            return new CatalogEntry(d.Name, d.Domain, d.Description, d.Product, d.Weight,
                d.Required.ToDictionary(r => r.Key, r => r.Value.ToString().ToLowerInvariant()), true, s?.Count ?? 0, s?.LastSeenAt);
        }).ToList();
        entries.AddRange(stats.Values.Where(s => catalog.Find(s.EventName) is null).Select(s =>
            new CatalogEntry(s.EventName, s.EventName.Split('.').ElementAtOrDefault(2) ?? "", "Not declared in the catalog.", null, 1, new Dictionary<string, string>(), false, s.Count, s.LastSeenAt)));
        return entries.OrderBy(e => e.Domain, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<QuarantineEntry>> QuarantineAsync(int limit, CancellationToken ct) =>
        (await db.Quarantine.AsNoTracking().OrderByDescending(q => q.Id).Take(limit).ToListAsync(ct).ConfigureAwait(false))
        .Select(q => new QuarantineEntry(q.Id, q.WriteKeyId, q.ReceivedAt, q.EventName, q.Reason, q.Payload)).ToList();
}
