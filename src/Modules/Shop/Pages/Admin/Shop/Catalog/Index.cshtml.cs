using Ecosystem.Shop.Catalog;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Shop.Pages.Admin.Shop.Catalog;

internal sealed class IndexModel(CatalogService catalog) : PageModel
{
    public IReadOnlyList<ProductResponse> Products { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Products = [.. (await catalog.ListAsync(true, null, ct)).OrderBy(p => p.DisplayOrder).ThenBy(p => p.Title, StringComparer.Ordinal)];
}
