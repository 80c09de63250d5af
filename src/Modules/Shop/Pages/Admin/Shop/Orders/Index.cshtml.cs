using Ecosystem.Identity.Contracts;
using Ecosystem.Shop.Catalog;
using Ecosystem.Shop.Orders;
using Ecosystem.Shop.Pricing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Shop.Pages.Admin.Shop.Orders;

internal sealed class IndexModel(OrderService orders, CatalogService catalog, PricingService pricing, IUserDirectory users) : PageModel
{
    public IReadOnlyList<OrderSummary> Orders { get; private set; } = [];
    public IReadOnlyDictionary<string, UserDto> Users { get; private set; } = new Dictionary<string, UserDto>();
    public string? NextCursor { get; private set; }
    public string? Status { get; private set; }
    public string? Source { get; private set; }
    public string? Q { get; private set; }
    public string? UserEcosystemId { get; private set; }
    public string? FilterProblem { get; private set; }

    public IReadOnlyList<ProductResponse> Products { get; private set; } = [];
    public Configurator? Manual { get; private set; }
    public string? ManualUsername { get; private set; }
    public string? ManualNote { get; private set; }
    public string? ManualProblem { get; private set; }

    public async Task OnGetAsync(string? status, string? source, string? q, string? userEcosystemId, string? cursor, string? product, CancellationToken ct)
    {
        await LoadAsync(status, source, q, userEcosystemId, cursor, ct);
        if (!string.IsNullOrWhiteSpace(product)) await ConfigureAsync(product, null, null, ct);
    }

    public async Task<IActionResult> OnPostManualAsync(string? product, string? username, string? note, CancellationToken ct)
    {
        var found = string.IsNullOrWhiteSpace(product) ? null : await catalog.GetAsync(product, false, ct) is { IsSuccess: true } r ? r.Value : null;
        var selection = found is null ? null : Selection.FromForm(found, Request.Form);
        var result = await orders.CreateManualAsync(new ManualOrderRequest(null, username, found is null ? [] : [new PriceItemRequest(found.Slug, selection!.VariantId, selection.OptionIds, selection.Quantity)], note), ct);
        if (result.IsSuccess)
        {
            TempData["Flash"] = $"Order {result.Value!.OrderNumber} created for {username}. It waits for the client's payment.";
            TempData["FlashKind"] = "ok";
            return Redirect("/admin/shop/orders/" + result.Value.OrderNumber);
        }

        var e = result.Error!;
        Response.StatusCode = e.Status;
        ManualUsername = username;
        ManualNote = note;
        ManualProblem = e.Fields is { Count: > 0 } f ? string.Join(" ", f.Values.SelectMany(v => v)) : e.Message;
        await LoadAsync(null, null, null, null, null, ct);
        if (found is not null) await ConfigureAsync(found.Slug, selection, ManualProblem, ct);
        return Page();
    }

    private async Task ConfigureAsync(string slug, Selection? selection, string? problem, CancellationToken ct)
    {
        var found = await catalog.GetAsync(slug, false, ct);
        if (!found.IsSuccess || found.Value!.Plans.Any(p => p.Active)) return;
        var p = found.Value;
        selection ??= Selection.Default(p);
        var quote = await pricing.QuoteAsync(selection.ToPriceRequest(p.Slug), ct);
        Manual = new Configurator(p, selection, quote.IsSuccess ? quote.Value : null, problem ?? (quote.IsSuccess ? null : quote.Error!.Message));
    }

    private async Task LoadAsync(string? status, string? source, string? q, string? userEcosystemId, string? cursor, CancellationToken ct)
    {
        (Status, Source, Q, UserEcosystemId) = (status, source, q, userEcosystemId);
        Products = [.. (await catalog.ListAsync(false, null, ct)).Where(p => !p.Plans.Any(x => x.Active))];
        var page = await orders.ListAsync(string.IsNullOrWhiteSpace(userEcosystemId) ? null : userEcosystemId, status, source, q, 50, cursor, ct);
        if (!page.IsSuccess)
        {
            FilterProblem = page.Error!.Fields is { Count: > 0 } f ? string.Join(" ", f.Values.SelectMany(v => v)) : page.Error.Message;
            return;
        }

        Orders = page.Value!.Items;
        NextCursor = page.Value.NextCursor;
        var ids = Orders.Select(o => o.UserEcosystemId).Distinct().ToList();
        if (!string.IsNullOrWhiteSpace(userEcosystemId) && userEcosystemId.Length <= 40) ids.Add(userEcosystemId);
        Users = await users.GetManyAsync(ids, ct);
    }

    public string PageLink(string cursor) =>
        "?" + string.Join("&", new[] { ("status", Status), ("source", Source), ("q", Q), ("userEcosystemId", UserEcosystemId), ("cursor", cursor) }
            .Where(x => !string.IsNullOrEmpty(x.Item2)).Select(x => x.Item1 + "=" + Uri.EscapeDataString(x.Item2!)));
}
