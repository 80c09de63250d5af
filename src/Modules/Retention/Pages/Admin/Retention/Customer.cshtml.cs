using Ecosystem.Platform;
using Ecosystem.Retention.Customers;
using Ecosystem.Retention.Interventions;
using Ecosystem.Retention.PaymentFailures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Retention.Pages.Admin.Retention;

internal sealed class CustomerModel(CustomerService customers, PaymentFailureService paymentFailures, InterventionService interventions, RetentionOptions options, Ecosystem.Platform.OperationContext op) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string CustomerId { get; set; } = "";

    public CustomerDetailResponse? Detail { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var detail = await customers.GetCustomerAsync(CustomerId, ct);
        if (!detail.IsSuccess)
        {
            Response.StatusCode = 404;
            return;
        }

        Detail = detail.Value;
    }

    /// <summary>Records a failed charge typed by an admin (amount in major units of the customer's currency).</summary>
    public async Task<IActionResult> OnPostFailureAsync(string? amount, string? reason, CancellationToken ct)
    {
        var detail = await customers.GetCustomerAsync(CustomerId, ct);
        if (!detail.IsSuccess) return NotFound();
        var currency = detail.Value!.Customer.Currency;
        var result = Amounts.CheckTyped(amount, currency, PaymentFailureService.MaxFailureAmount, out var minor) is { } problem
            ? (Result<PaymentFailureResponse>)Error.Unprocessable("AMOUNT_INVALID", problem)
            : await paymentFailures.RecordPaymentFailureAsync(CustomerId, new PaymentFailureRequest(minor, currency, reason), ct);
        if (result.IsSuccess)
        {
            var f = result.Value!;
            TempData["Flash"] = $"Failed charge of {new Money(f.Amount, f.Currency)} recorded: {f.FailureCount} failure(s) on the card; the customer is {f.AccountStatus}.";
            TempData["FlashKind"] = "ok";
        }
        else
        {
            var error = result.Error!;
            TempData["Flash"] = error.Fields is { Count: > 0 } fields ? string.Join(" ", fields.SelectMany(e => e.Value)) : error.Message;
            TempData["FlashKind"] = "bad";
        }

        return RedirectToPage(new { CustomerId });
    }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        var result = await interventions.StartInterventionAsync(CustomerId, op.ActorId, options.PublicBaseUrl ?? $"{Request.Scheme}://{Request.Host}", ct);
        if (!result.IsSuccess)
        {
            TempData["Flash"] = result.Error!.Message;
            TempData["FlashKind"] = "bad";
            return RedirectToPage(new { CustomerId });
        }

        TempData["Flash"] = "Chat started; the link was sent to the customer (see Notifications).";
        TempData["FlashKind"] = "ok";
        return Redirect($"/admin/retention/sessions/{result.Value!.SessionId}");
    }
}
