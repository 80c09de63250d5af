using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Ecosystem.Shop.Orders;
using Ecosystem.Shop.Payments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Shop.Pages.Admin.Shop.Orders;

internal sealed class DetailModel(OrderService orders, PaymentService payments, IUserDirectory users, Capabilities capabilities) : PageModel
{
    public OrderResponse Order { get; private set; } = null!;
    public UserDto? Customer { get; private set; }
    public IReadOnlyDictionary<string, string> Actors { get; private set; } = new Dictionary<string, string>();
    public bool CanRefund => capabilities.Allows(ShopPolicies.Refunds, User.Roles());
    public string RefundKey { get; } = Guid.NewGuid().ToString("N");

    public async Task<IActionResult> OnGetAsync(string orderNumber, CancellationToken ct) => await LoadAsync(orderNumber, ct) ? Page() : NotFound();

    /// <summary>One of the order's allowed moves (activate, complete, hold, resume, cancel); hold and cancel carry a reason.</summary>
    public async Task<IActionResult> OnPostTransitionAsync(string orderNumber, string? action, string? reason, CancellationToken ct)
    {
        var result = await orders.TransitionAsync(orderNumber, new TransitionRequest(action, string.IsNullOrWhiteSpace(reason) ? null : reason), ct);
        return result.IsSuccess
            ? Done(orderNumber, $"Order {orderNumber} is now “{result.Value!.StatusLabel}”.")
            : result.Error!.Status == 404 ? NotFound() : Done(orderNumber, Message(result.Error!), ok: false);
    }

    public async Task<IActionResult> OnPostRefundAsync(string orderNumber, string? amount, string? reason, string? idempotencyKey, CancellationToken ct)
    {
        if (!CanRefund) return Forbid();
        var found = await orders.GetAsync(orderNumber, null, ct);
        if (!found.IsSuccess) return NotFound();
        long? minor = null;
        if (!string.IsNullOrWhiteSpace(amount))
        {
            if (Amounts.CheckTyped(amount, found.Value!.Currency, Ecosystem.Shop.Catalog.CatalogService.MaxPrice, out var parsed) is { } problem)
            {
                return Done(orderNumber, problem + " Or leave it empty to refund everything not yet refunded.", ok: false);
            }

            minor = parsed;
        }

        var key = idempotencyKey is { Length: > 0 and <= 64 } k && k.All(char.IsAsciiLetterOrDigit) ? "page-refund-" + k : null;
        var result = await payments.RefundAsync(orderNumber, new RefundOrderRequest(minor, string.IsNullOrWhiteSpace(reason) ? null : reason), key, ct);
        return result.IsSuccess
            ? Done(orderNumber, $"Refunded {ShopFormat.Money(result.Value!.Amount, result.Value.Currency)}{(result.Value.Status == "pending" ? " (waiting for the provider)" : "")}. {ShopFormat.Money(result.Value.RefundedSoFar, result.Value.Currency)} of {ShopFormat.Money(result.Value.Paid, result.Value.Currency)} refunded so far.")
            : Done(orderNumber, Message(result.Error!), ok: false);
    }

    private RedirectResult Done(string orderNumber, string message, bool ok = true)
    {
        TempData["Flash"] = message;
        TempData["FlashKind"] = ok ? "ok" : "bad";
        return Redirect("/admin/shop/orders/" + Uri.EscapeDataString(orderNumber));
    }

    private static string Message(Error e) => e.Fields is { Count: > 0 } f ? string.Join(" ", f.Values.SelectMany(v => v)) : e.Message;

    private async Task<bool> LoadAsync(string orderNumber, CancellationToken ct)
    {
        if (orderNumber.Length > 40) return false;
        var found = await orders.GetAsync(orderNumber, null, ct);
        if (!found.IsSuccess) return false;
        Order = found.Value!;
        Customer = (await users.GetManyAsync([Order.UserEcosystemId], ct)).GetValueOrDefault(Order.UserEcosystemId);
        Actors = await ActorNames.ForAsync(users, Order, ct);
        return true;
    }
}
