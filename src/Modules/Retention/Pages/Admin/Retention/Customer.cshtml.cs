using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Retention.Pages.Admin.Retention;

internal sealed class CustomerModel(RetentionService retention, RetentionOptions options, Ecosystem.Platform.OperationContext op) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string CustomerId { get; set; } = "";

    public CustomerDetailResponse? Detail { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var detail = await retention.GetCustomerAsync(CustomerId, ct);
        if (!detail.IsSuccess)
        {
            Response.StatusCode = 404;
            return;
        }

        Detail = detail.Value;
    }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        var result = await retention.StartInterventionAsync(CustomerId, op.ActorId, options.PublicBaseUrl ?? $"{Request.Scheme}://{Request.Host}", ct);
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
