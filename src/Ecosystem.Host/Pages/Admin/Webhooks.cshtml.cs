using Ecosystem.Platform.Http;
using Ecosystem.Platform.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Host.Pages.Admin;

/// <summary>The webhook inbox: every delivery from every provider, one delivery's body, and replay.</summary>
internal sealed class WebhooksModel(WebhookInbox inbox) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Provider { get; set; }

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }

    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    [BindProperty(SupportsGet = true)] public string? Id { get; set; }

    public Page<WebhookDeliveryView>? Deliveries { get; private set; }

    public WebhookDeliveryView? Selected { get; private set; }

    public string? Problem { get; private set; }

    public bool Filtered => !string.IsNullOrEmpty(Provider) || !string.IsNullOrEmpty(Status);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var list = await inbox.ListAsync(Blank(Provider), Blank(Status), 50, Blank(Cursor), ct);
        if (list.IsSuccess) Deliveries = list.Value;
        else Problem = list.Error!.Fields?.Values.SelectMany(v => v).FirstOrDefault() ?? list.Error.Message;
        if (Blank(Id) is { } id)
        {
            var one = await inbox.ViewAsync(id, withBody: true, ct);
            if (!one.IsSuccess) return NotFound();
            Selected = one.Value;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostReplayAsync(string id, CancellationToken ct)
    {
        var result = await inbox.ReplayAsync(id, ct);
        if (!result.IsSuccess && result.Error!.Status == 404) return NotFound();
        TempData["Flash"] = result.IsSuccess
            ? $"Replayed: the delivery is now {Words(result.Value!.Status)}."
            : result.Error!.Message;
        return RedirectToPage(new { id });
    }

    /// <summary>A status as people say it.</summary>
    public static string Words(string status) => status switch
    {
        WebhookStatus.Pending => "waiting",
        WebhookStatus.Processed => "processed",
        WebhookStatus.Ignored => "not needed",
        WebhookStatus.Failed => "failed, will retry",
        WebhookStatus.Dead => "gave up",
        WebhookStatus.Rejected => "refused",
        _ => status,
    };

    public static string Badge(string status) => status switch
    {
        WebhookStatus.Processed => "badge-ok",
        WebhookStatus.Failed or WebhookStatus.Pending => "badge-warn",
        WebhookStatus.Dead or WebhookStatus.Rejected => "badge-bad",
        _ => "",
    };

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
