using Ecosystem.Cards.Accounts;
using Ecosystem.Cards.Purchases;
using Ecosystem.Platform;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Cards.Pages.App;

internal sealed class CardModel(CardService cards, PurchaseService purchases, OperationContext op) : PageModel
{
    public CardResponse? Card { get; private set; }
    public IReadOnlyList<PurchaseResponse> Purchases { get; private set; } = [];
    public string Holder => User.FindFirst(Ecosystem.Platform.Security.EcosystemClaims.DisplayName)?.Value ?? User.Identity?.Name ?? "";
    public string? FieldError { get; private set; }
    public string? SignatureText { get; private set; }
    public string? Amount { get; private set; }
    public string? Merchant { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostSignAsync(string? signatureText, CancellationToken ct)
    {
        var result = await cards.SignAsync(op.ActorId, signatureText, ct);
        if (result.IsSuccess) return Done("Welcome aboard — your ACME card is active.");
        SignatureText = signatureText;
        return await Fail(result.Error!, ct);
    }

    public async Task<IActionResult> OnPostPurchaseAsync(string? amount, string? merchant, CancellationToken ct)
    {
        var card = await cards.GetAsync(op.ActorId, ct);
        if (!card.IsSuccess) return await Fail(card.Error!, ct);
        if (Amounts.CheckTyped(amount, card.Value!.Currency, CardService.MaxAmount, out var minor) is { } problem)
        {
            Amount = amount;
            Merchant = merchant;
            return await Fail(new Error("VALIDATION_FAILED", 422, problem), ct);
        }

        var result = await purchases.PurchaseAsync(op.ActorId, minor, merchant, ct);
        if (!result.IsSuccess) return await Fail(result.Error!, ct);
        var p = result.Value!;
        return p.Approved
            ? Done($"Approved: {new Money(p.Amount, p.Currency)}{(p.Merchant is null ? "" : " at " + p.Merchant)}. Available now {new Money(p.AvailableLimit, p.Currency)}.")
            : Done($"Declined: {new Money(p.Amount, p.Currency)} is more than your available limit of {new Money(p.AvailableLimit, p.Currency)}.", ok: false);
    }

    public async Task<IActionResult> OnPostRaiseLimitAsync(CancellationToken ct)
    {
        var result = await cards.RaiseLimitAsync(op.ActorId, ct);
        return result.IsSuccess
            ? Done($"Your limit is now {new Money(result.Value!.CurrentLimit, result.Value.Currency)}.")
            : await Fail(result.Error!, ct);
    }

    public async Task<IActionResult> OnPostResetAsync(CancellationToken ct)
    {
        var result = await cards.ResetAsync(op.ActorId, full: false, ct);
        return result.IsSuccess ? Done("Your card was reset to its pre-approved limit. History is kept.") : await Fail(result.Error!, ct);
    }

    private RedirectToPageResult Done(string message, bool ok = true)
    {
        TempData["Flash"] = message;
        TempData["FlashKind"] = ok ? "ok" : "bad";
        return RedirectToPage();
    }

    private async Task<IActionResult> Fail(Error error, CancellationToken ct)
    {
        if (error.Code is "SIGNATURE_TEXT_INVALID" or "VALIDATION_FAILED")
        {
            FieldError = error.Fields?.Values.FirstOrDefault()?.FirstOrDefault() ?? error.Message;
            Response.StatusCode = 422;
            await LoadAsync(ct);
            return Page();
        }

        return Done(error.Message, ok: false);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var card = await cards.GetAsync(op.ActorId, ct);
        Card = card.IsSuccess ? card.Value : null;
        if (Card is { Status: "onboarded" })
        {
            var page = await purchases.ListPurchasesAsync(op.ActorId, 20, null, ct);
            Purchases = page.IsSuccess ? page.Value!.Items : [];
        }
    }
}
