using Ecosystem.Platform;
using Ecosystem.Campaigns.Data;
using Ecosystem.Campaigns.Targets;
using Ecosystem.Campaigns.WhatsApp;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Campaigns.Pages.Admin;

internal sealed class WhatsAppModel(CampaignsDbContext db, IWhatsAppSender sender) : PageModel
{
    public string? Msisdn { get; private set; }
    public IReadOnlyList<InboxMessage>? Messages { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync(string? msisdn, CancellationToken ct) => await LoadAsync(msisdn, ct);

    public async Task<IActionResult> OnPostAsync(string? msisdn, string? text, CancellationToken ct)
    {
        var (e164, _, problem) = E164.Read(msisdn, "RW");
        if (problem is not null || string.IsNullOrWhiteSpace(text) || text.Length > 1000 || text.Contains('\0')) Problem = problem is null ? "Write a message of at most 1,000 characters." : $"The number: {problem}.";
        else if (sender is not SimulatedWhatsApp simulated) Problem = "Replies can be simulated only with the simulated WhatsApp.";
        else
        {
            await simulated.ReceiveAsync(e164!, text.Trim(), ct);
            TempData["Flash"] = OptOuts.OptOutService.IsOptOutText(text) ? "The number opted out: no campaign will write to it again." : "Message received.";
            TempData["FlashKind"] = "ok";
            return Redirect("/admin/whatsapp?msisdn=" + Uri.EscapeDataString(e164!));
        }

        Response.StatusCode = 422;
        await LoadAsync(msisdn, ct);
        return Page();
    }

    private async Task LoadAsync(string? msisdn, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(msisdn)) return;
        var result = await WhatsAppEndpoints.InboxAsync(db, msisdn, ct);
        if (result.IsSuccess) { Messages = result.Value; Msisdn = E164.Read(msisdn, "RW").E164; }
        else { Problem = "That is not a phone number we can read."; Msisdn = msisdn; }
    }
}
