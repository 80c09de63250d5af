using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Shop.Orders;
using Ecosystem.Shop.Payments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Shop.Pages.App.Orders;

internal sealed class DetailModel(OrderService orders, PaymentService payments, IUserDirectory users, OperationContext op, TimeProvider time) : PageModel
{
    public OrderResponse Order { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> Actors { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string[]> CardErrors { get; private set; } = new Dictionary<string, string[]>();
    public string? PayProblem { get; private set; }

    /// <summary>A fresh key for each rendering of the pay form: a double submit of the same form pays once.</summary>
    public string PaymentKey { get; } = Guid.NewGuid().ToString("N");

    public int ThisYear => time.GetUtcNow().Year;
    public int? ExpMonth { get; private set; }
    public int? ExpYear { get; private set; }

    public async Task<IActionResult> OnGetAsync(string orderNumber, CancellationToken ct) => await LoadAsync(orderNumber, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPayAsync(string orderNumber, string? cardNumber, int? expMonth, int? expYear, string? cvc, string? idempotencyKey, CancellationToken ct)
    {
        var key = idempotencyKey is { Length: > 0 and <= 64 } k && k.All(char.IsAsciiLetterOrDigit) ? "page-pay-" + k : null;
        var result = await payments.PayAsync(op.ActorId, orderNumber, new PayRequest(cardNumber, expMonth, expYear, cvc, null), key, ct);
        if (result.IsSuccess)
        {
            var p = result.Value!;
            TempData["Flash"] = p.Status == "succeeded"
                ? $"Payment received: {ShopFormat.Money(p.Amount, p.Currency)}{(p.Card is null ? "" : " from " + ShopFormat.Card(p.Card))}. We are setting up your order."
                : $"Payment declined: {(p.FailureMessage ?? "the bank did not approve it.").TrimEnd('.')}. Nothing was charged. Try another card.";
            TempData["FlashKind"] = p.Status == "succeeded" ? "ok" : "bad";
            return RedirectToPage(new { orderNumber });
        }

        var e = result.Error!;
        if (e.Status == 404) return NotFound();
        if (e.Code == PaymentService.AlreadyPaid.Code)
        {
            TempData["Flash"] = "This order is already paid.";
            TempData["FlashKind"] = "ok";
            return RedirectToPage(new { orderNumber });
        }

        CardErrors = e.Fields ?? new Dictionary<string, string[]>();
        (ExpMonth, ExpYear) = (expMonth, expYear);
        PayProblem = e.Fields is { Count: > 0 } ? null : e.Message;
        Response.StatusCode = e.Status;
        return await LoadAsync(orderNumber, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string orderNumber, CancellationToken ct)
    {
        if (orderNumber.Length > 40) return false;
        var found = await orders.GetAsync(orderNumber, op.ActorId, ct);
        if (!found.IsSuccess) return false;
        Order = found.Value!;
        Actors = await ActorNames.ForAsync(users, Order, ct);
        return true;
    }
}
