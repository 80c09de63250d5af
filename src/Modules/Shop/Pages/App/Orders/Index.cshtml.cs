using Ecosystem.Platform;
using Ecosystem.Shop.Orders;
using Ecosystem.Shop.Subscriptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Shop.Pages.App.Orders;

internal sealed class IndexModel(OrderService orders, SubscriptionService subscriptions, OperationContext op) : PageModel
{
    public IReadOnlyList<OrderSummary> Orders { get; private set; } = [];
    public IReadOnlyList<SubscriptionResponse> Subscriptions { get; private set; } = [];
    public string? NextCursor { get; private set; }

    public async Task OnGetAsync(string? cursor, CancellationToken ct)
    {
        var page = await orders.ListAsync(op.ActorId, null, null, null, 20, cursor, ct);
        if (page.IsSuccess)
        {
            Orders = page.Value!.Items;
            NextCursor = page.Value.NextCursor;
        }

        Subscriptions = await subscriptions.ListAsync(op.ActorId, null, ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(string subscriptionId, CancellationToken ct)
    {
        var result = await subscriptions.CancelAsync(op.ActorId, subscriptionId ?? "", true, ct);
        TempData["Flash"] = result.IsSuccess
            ? $"Your {result.Value!.PlanName} ends on {(result.Value.CurrentPeriodEnd is { } end ? ShopFormat.Date(end) : "the end of this period")}. Nothing more is charged."
            : result.Error!.Message;
        TempData["FlashKind"] = result.IsSuccess ? "ok" : "bad";
        return RedirectToPage();
    }
}
