using Ecosystem.Platform.Payments;
using Ecosystem.Retention.Chat;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Retention.Pages;

/// <summary>The customer's chat: no login; the token in the link opens exactly one session until its deadline.</summary>
internal sealed class ChatModel(ChatService chats, PaymentOptions payments) : PageModel
{
    /// <summary>Set when the Stripe gateway is configured: the page shows Stripe's card form (Stripe.js) instead of ours.</summary>
    public string? StripePublishableKey => payments.UsesStripe ? payments.Stripe.PublishableKey : null;

    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    public ChatView? View { get; private set; }

    /// <summary>"ok", "expired" or "not-found".</summary>
    public string State { get; private set; } = "ok";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var view = await chats.GetAsync(Token, ct);
        if (view.IsSuccess)
        {
            View = view.Value;
            return;
        }

        State = view.Error!.Status == 410 ? "expired" : "not-found";
        Response.StatusCode = view.Error.Status;
    }
}
