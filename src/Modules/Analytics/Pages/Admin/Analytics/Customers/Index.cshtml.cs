using Ecosystem.Analytics.Catalog;
using Ecosystem.Analytics.Customers;
using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Analytics.Pages.Admin.Analytics.Customers;

internal sealed class IndexModel(Customer360Queries queries, Customer360Layout layout, IUserDirectory users, IEnumerable<IPersonDirectory> directories, EventCatalog catalog, TimeProvider time) : PageModel
{
    public IReadOnlyList<Customer360> People { get; private set; } = [];
    public IReadOnlyDictionary<string, UserDto> Users { get; private set; } = new Dictionary<string, UserDto>();
    /// <summary>People without a sign-in account whom a module knows by name (retention customers).</summary>
    public IReadOnlyDictionary<string, KnownPerson> Known { get; private set; } = new Dictionary<string, KnownPerson>();
    public IReadOnlyList<string> Products { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public string? Error { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public string? Product { get; private set; }
    /// <summary>The products' status filters (<see cref="Customer360Layout.Filters"/>) and the value chosen for each.</summary>
    public IReadOnlyList<Customer360Filter> StatusFilters => layout.Filters;
    public IReadOnlyDictionary<string, string> Statuses { get; private set; } = new Dictionary<string, string>();
    public int? MinScore { get; private set; }
    public string Sort { get; private set; } = "lastSeenAt";
    public bool Paged { get; private set; }
    public bool Filtered => Product is not null || Statuses.Count > 0 || MinScore is not null;

    public async Task OnGetAsync(string? product, int? minScore, string? sort, string? cursor, CancellationToken ct)
    {
        Now = time.GetUtcNow();
        Products = catalog.All.Select(d => d.Product).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        (Product, MinScore) = (product, minScore);
        // As the form sends them: an empty value is "any".
        Statuses = layout.FilterValues(Request.Query).Where(f => f.Value.Length > 0).ToDictionary(StringComparer.Ordinal);
        Sort = sort is not null && Customer360Queries.Sorts.Contains(sort) ? sort : "lastSeenAt";
        Paged = cursor is not null;
        var page = await queries.ListAsync(product, Statuses, minScore, Sort, 25, cursor, ct);
        if (!page.IsSuccess)
        {
            Error = page.Error!.Fields is { } fields ? string.Join(" ", fields.Values.SelectMany(m => m)) : page.Error.Message;
            return;
        }

        People = page.Value!.Items;
        NextCursor = page.Value.NextCursor;
        Users = await users.GetManyAsync(People.Select(p => p.UserEcosystemId).ToList(), ct);
        Known = await directories.FindAsync(People.Select(p => p.UserEcosystemId).Where(id => !Users.ContainsKey(id)).ToList(), ct);
    }

    /// <summary>This list's address with the current filters and the given cursor.</summary>
    public string Link(string? cursor) => Request.Path + QueryString.Create(
        new[] { KeyValuePair.Create("product", Product) }
            .Concat(StatusFilters.Select(f => KeyValuePair.Create(f.Parameter, (string?)Statuses.GetValueOrDefault(f.Parameter))))
            .Append(KeyValuePair.Create("minScore", MinScore?.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(KeyValuePair.Create("sort", (string?)Sort)).Append(KeyValuePair.Create("cursor", cursor))
            .Where(p => p.Value is not null));
}
