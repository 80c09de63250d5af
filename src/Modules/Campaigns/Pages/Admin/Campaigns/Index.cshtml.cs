using Ecosystem.Campaigns.Campaigns;
using Ecosystem.Campaigns.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Campaigns.Pages.Admin.Campaigns;

internal sealed class IndexModel(CampaignService campaigns, CampaignSettings settings) : PageModel
{
    public IReadOnlyList<CampaignResponse> Campaigns { get; private set; } = [];
    public IReadOnlyList<MessageTemplate> Templates { get; private set; } = [];
    public IReadOnlyDictionary<string, QuietHours> Quiet { get; private set; } = new Dictionary<string, QuietHours>();
    public IReadOnlyDictionary<string, ThrottleBucket> Throttle { get; private set; } = new Dictionary<string, ThrottleBucket>();
    public string? Problem { get; private set; }
    public string? Name { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? name, string? type, string? templateId, string? region, CancellationToken ct)
    {
        var result = await campaigns.CreateAsync(new CampaignRequest(name, type, templateId, new CampaignMetadata(DefaultRegion: string.IsNullOrWhiteSpace(region) ? null : region.Trim())), ct);
        if (result.IsSuccess)
        {
            TempData["Flash"] = $"Draft \"{result.Value!.Name}\" created. Upload its numbers next.";
            TempData["FlashKind"] = "ok";
            return Redirect("/admin/campaigns/" + result.Value.CampaignId);
        }

        Response.StatusCode = result.Error!.Status;
        Problem = result.Error.Fields is { Count: > 0 } f ? string.Join(" ", f.Values.SelectMany(v => v)) : result.Error.Message;
        Name = name;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Campaigns = await campaigns.ListAsync(ct);
        Templates = await settings.TemplatesAsync(ct);
        Quiet = await settings.QuietHoursAsync(ct);
        Throttle = await settings.ThrottleAsync(ct);
    }
}
