using Ecosystem.Analytics.Catalog;
using Ecosystem.Analytics.WriteKeys;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Analytics.Pages.Admin.Analytics;

internal sealed class CatalogModel(CatalogQueries catalog, WriteKeyService keys, TimeProvider time) : PageModel
{
    public IReadOnlyList<CatalogEntry> Entries { get; private set; } = [];
    public IReadOnlyList<QuarantineEntry> Quarantine { get; private set; } = [];
    public IReadOnlyDictionary<string, string> KeyNames { get; private set; } = new Dictionary<string, string>();
    public DateTimeOffset Now { get; private set; }
    public string? Domain { get; private set; }
    public IReadOnlyList<string> Domains { get; private set; } = [];

    public int Declared => Entries.Count(e => e.Registered);
    public int Undeclared => Entries.Count(e => !e.Registered);
    public int NeverSeen => Entries.Count(e => e.Registered && e.Count == 0);

    public async Task OnGetAsync(string? domain, CancellationToken ct)
    {
        Now = time.GetUtcNow();
        var all = await catalog.ListAsync(ct);
        Domains = all.Select(e => e.Domain).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Domain = domain is not null && Domains.Contains(domain) ? domain : null;
        Entries = Domain is null ? all : all.Where(e => e.Domain == Domain).ToList();
        Quarantine = await catalog.QuarantineAsync(25, ct);
        if (Quarantine.Count > 0) KeyNames = (await keys.ListAsync(ct)).ToDictionary(k => k.Id, k => k.Name, StringComparer.Ordinal);
    }
}
