using Ecosystem.Cards.Accounts;
using Ecosystem.Cards.Purchases;
using Ecosystem.Identity.Contracts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Cards.Pages.Admin.Cards;

internal sealed class IndexModel(CardService cards, IUserDirectory users) : PageModel
{
    public IReadOnlyList<CardResponse> Cards { get; private set; } = [];
    public IReadOnlyDictionary<string, UserDto> Users { get; private set; } = new Dictionary<string, UserDto>();
    public string? NextCursor { get; private set; }
    public string? Status { get; private set; }

    public async Task OnGetAsync(string? status, string? cursor, CancellationToken ct)
    {
        Status = status;
        var page = await cards.ListAsync(status, 50, cursor, ct);
        if (!page.IsSuccess) return;
        Cards = page.Value!.Items;
        NextCursor = page.Value.NextCursor;
        Users = await users.GetManyAsync(Cards.Select(c => c.UserEcosystemId).ToList(), ct);
    }
}
