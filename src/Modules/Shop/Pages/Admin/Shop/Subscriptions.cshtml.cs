using Ecosystem.Identity.Contracts;
using Ecosystem.Shop.Subscriptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Shop.Pages.Admin.Shop;

internal sealed class SubscriptionsModel(SubscriptionService subscriptions, IUserDirectory users) : PageModel
{
    public IReadOnlyList<SubscriptionResponse> Subscriptions { get; private set; } = [];
    public IReadOnlyDictionary<string, UserDto> Users { get; private set; } = new Dictionary<string, UserDto>();
    public string? Status { get; private set; }

    public async Task OnGetAsync(string? status, CancellationToken ct)
    {
        Status = status is "trialing" or "active" or "past_due" or "canceled" or "incomplete" ? status : null;
        Subscriptions = await subscriptions.ListAsync(null, Status, ct);
        Users = await users.GetManyAsync(Subscriptions.Select(s => s.UserEcosystemId).Distinct().ToList(), ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(string subscriptionId, bool now, string? status, CancellationToken ct)
    {
        var result = await subscriptions.CancelAsync(null, subscriptionId ?? "", !now, ct);
        TempData["Flash"] = result.IsSuccess
            ? now ? $"{result.Value!.PlanName} is canceled now." : $"{result.Value!.PlanName} ends at the end of its period{(result.Value.CurrentPeriodEnd is { } end ? ", " + ShopFormat.Date(end) : "")}."
            : result.Error!.Message;
        TempData["FlashKind"] = result.IsSuccess ? "ok" : "bad";
        return RedirectToPage(new { status });
    }
}
