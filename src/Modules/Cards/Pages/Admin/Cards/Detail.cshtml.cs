using Ecosystem.Cards.Accounts;
using Ecosystem.Cards.Purchases;
using Ecosystem.Identity.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Cards.Pages.Admin.Cards;

internal sealed class DetailModel(CardService cards, PurchaseService purchases, IUserDirectory users) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string UserEcosystemId { get; set; } = "";

    public CardResponse? Card { get; private set; }
    public UserDto? Holder { get; private set; }
    public IReadOnlyList<PurchaseResponse> Purchases { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Holder = (await users.GetManyAsync([UserEcosystemId], ct)).GetValueOrDefault(UserEcosystemId);
        var card = await cards.GetAsync(UserEcosystemId, ct);
        if (!card.IsSuccess)
        {
            Response.StatusCode = 404;
            return;
        }

        Card = card.Value;
        var page = await purchases.ListPurchasesAsync(UserEcosystemId, 50, null, ct);
        Purchases = page.IsSuccess ? page.Value!.Items : [];
    }

    public async Task<IActionResult> OnPostResetAsync(bool full, CancellationToken ct)
    {
        var result = await cards.ResetAsync(UserEcosystemId, full, ct);
        TempData["Flash"] = result.IsSuccess ? (full ? "The card is back to a pre-approved offer." : "The card's limits were reset.") : result.Error!.Message;
        TempData["FlashKind"] = result.IsSuccess ? "ok" : "bad";
        return RedirectToPage(new { UserEcosystemId });
    }
}
