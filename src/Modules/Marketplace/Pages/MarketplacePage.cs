using Ecosystem.Platform;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Marketplace.Pages;

/// <summary>What the marketplace's pages share: the flash after a post, an error's words, status badges.</summary>
internal abstract class MarketplacePage : PageModel
{
    protected RedirectToPageResult Done(string message, bool ok = true)
    {
        TempData["Flash"] = message;
        TempData["FlashKind"] = ok ? "ok" : "bad";
        return RedirectToPage();
    }

    protected RedirectToPageResult Failed(Error error) =>
        Done(error.Fields?.Values.FirstOrDefault()?.FirstOrDefault() ?? error.Message, ok: false);

    public static string Badge(string status) => status switch
    {
        "completed" or "accepted" or "matched" => "badge-ok",
        "pending" => "badge-brand",
        "cancelled" or "rejected" or "expired" or "failed" => "badge-bad",
        _ => "",
    };

    public static string Word(string status) => status switch
    {
        "pending" => "Open",
        "matched" => "Matched",
        "accepted" => "Accepted",
        "rejected" => "Not chosen",
        "completed" => "Completed",
        "cancelled" => "Cancelled",
        "expired" => "Expired",
        "failed" => "Failed",
        _ => status,
    };

    public static string Channel(string channel) => channel switch { "whatsapp" => "WhatsApp", "voice" => "Voice call", "lead-form" => "Lead form", _ => channel };
}
