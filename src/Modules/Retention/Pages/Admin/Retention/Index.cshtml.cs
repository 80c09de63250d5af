using Ecosystem.Retention.AtRisk;
using Ecosystem.Retention.Customers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Retention.Pages.Admin.Retention;

internal sealed class IndexModel(CustomerService customers, RiskScanService riskScan) : PageModel
{
    public IReadOnlyList<CustomerResponse> Customers { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public string? Status { get; private set; }
    public string? RiskCategory { get; private set; }
    public string? RiskSeverity { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync(string? status, string? riskCategory, string? riskSeverity, string? cursor, CancellationToken ct)
    {
        // The list is for acting on risk: without a status in the address it shows the at-risk customers; "All" (an empty
        // status) shows everyone.
        (Status, RiskCategory, RiskSeverity) = (Request.Query.ContainsKey("status") ? Empty(status) : "at-risk", Empty(riskCategory), Empty(riskSeverity));
        var page = await customers.ListCustomersAsync(Status, RiskCategory, RiskSeverity, 50, cursor, ct);
        if (!page.IsSuccess)
        {
            Problem = page.Error!.Message;
            return;
        }

        Customers = page.Value!.Items;
        NextCursor = page.Value.NextCursor;
    }

    public async Task<IActionResult> OnPostScanAsync(CancellationToken ct)
    {
        var result = await riskScan.ScanAsync(ct);
        TempData["Flash"] = $"Risk scan done: {result.Scanned} customers checked, {result.NewlyAtRisk} newly at risk, {result.Regraded} re-graded.";
        TempData["FlashKind"] = "ok";
        return RedirectToPage();
    }

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
