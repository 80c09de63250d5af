using System.Globalization;
using Ecosystem.Campaigns.Campaigns;
using Ecosystem.Campaigns.Settings;
using Ecosystem.Campaigns.Targets;
using Ecosystem.Platform.Ui;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Campaigns.Pages.Admin.Campaigns;

internal sealed class DetailModel(CampaignService campaigns, TargetService targets, TargetImporter importer, CampaignSettings settings) : PageModel
{
    public CampaignResponse? Campaign { get; private set; }
    public IReadOnlyList<TargetResponse> Targets { get; private set; } = [];
    public IReadOnlyList<ChartPoint> Rate { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public string? Status { get; private set; }
    public string? Search { get; private set; }
    public string? Problem { get; private set; }
    public ImportResult? Import { get; private set; }
    public int PerMinute { get; private set; }
    public string QuietText { get; private set; } = "";

    public async Task OnGetAsync(string campaignId, string? status, string? search, string? cursor, CancellationToken ct) =>
        await LoadAsync(campaignId, status, search, cursor, ct);

    public async Task<IActionResult> OnPostMoveAsync(string campaignId, string? action, CancellationToken ct)
    {
        CampaignAction? move = action switch { "start" => CampaignAction.Start, "pause" => CampaignAction.Pause, "resume" => CampaignAction.Resume, _ => null };
        var result = move is null ? null : (Ecosystem.Platform.Result<CampaignResponse>?)await campaigns.MoveAsync(campaignId, move.Value, ct);
        if (result is { IsSuccess: true } ok)
        {
            TempData["Flash"] = move == CampaignAction.Pause ? "Paused: nothing more is sent until you resume." : "Sending: the dispatcher picks the numbers up within a second.";
            TempData["FlashKind"] = "ok";
            return Redirect("/admin/campaigns/" + campaignId);
        }

        Problem = result?.Error?.Message ?? "That is not something a campaign can do.";
        Response.StatusCode = result?.Error?.Status ?? 422;
        await LoadAsync(campaignId, null, null, null, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(string campaignId, IFormFile? file, string? csv, CancellationToken ct)
    {
        string text;
        if (file is { Length: > 0 })
        {
            using var reader = new StreamReader(file.OpenReadStream());
            text = await reader.ReadToEndAsync(ct);
        }
        else text = csv ?? "";
        if (string.IsNullOrWhiteSpace(text)) Problem = "Choose a CSV file or paste some rows.";
        else
        {
            var result = await importer.ImportAsync(campaignId, CsvRows.Read(new StringReader(text)), null, ct);
            if (result.IsSuccess) Import = result.Value;
            else { Problem = result.Error!.Message; Response.StatusCode = result.Error.Status; }
        }

        await LoadAsync(campaignId, null, null, null, ct);
        return Page();
    }

    private async Task LoadAsync(string campaignId, string? status, string? search, string? cursor, CancellationToken ct)
    {
        var found = await campaigns.GetAsync(campaignId, ct);
        if (!found.IsSuccess)
        {
            Response.StatusCode = 404;
            return;
        }

        Campaign = found.Value;
        Status = string.IsNullOrEmpty(status) ? null : status;
        Search = string.IsNullOrEmpty(search) ? null : search;
        var page = await targets.ListAsync(campaignId, Status, Search, 50, cursor, ct);
        if (page.IsSuccess) { Targets = page.Value!.Items; NextCursor = page.Value.NextCursor; }
        else Problem = "Those filters are not valid.";
        Rate = [.. (await campaigns.SendRateAsync(campaignId, 30, ct)).Select(p => new ChartPoint(p.Minute.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture), p.Sent, $"{p.Sent} sent at {p.Minute.UtcDateTime:HH:mm} UTC"))];
        PerMinute = (await campaigns.BucketAsync(Campaign!.Metadata, ct)).PerMinute;
        var quiet = await settings.QuietHoursAsync(ct);
        if (Campaign.Metadata.QuietHours is { } o) foreach (var (k, v) in o) quiet[k] = v;
        QuietText = quiet.Count == 0 ? "none." : string.Join(" · ", quiet.Select(q => $"{q.Key.ToUpperInvariant()} {q.Value.Start}–{q.Value.End} local time"));
    }
}
