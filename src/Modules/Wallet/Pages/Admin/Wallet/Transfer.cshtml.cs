using System.Text.Json;
using Ecosystem.Platform;
using Ecosystem.Wallet.Explorer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Wallet.Pages.Admin.Wallet;

/// <summary>One transaction: who paid whom, its status and times, its entries with the balances after them, its metadata.</summary>
internal sealed class TransferModel(LedgerExplorer explorer, IPersonDirectory people) : PageModel
{
    public TransferDetail Detail { get; private set; } = null!;
    public JsonElement? Metadata { get; private set; }
    public IReadOnlyDictionary<string, KnownPerson> People { get; private set; } = new Dictionary<string, KnownPerson>();

    public async Task<IActionResult> OnGetAsync(string transferId, CancellationToken ct)
    {
        var detail = await explorer.TransferAsync(transferId, ct);
        if (detail is null) return NotFound();
        Detail = detail;
        Metadata = detail.Metadata is null ? null : JsonSerializer.Deserialize<JsonElement>(detail.Metadata);
        var ids = new[] { detail.Transfer.DebitOwner, detail.Transfer.CreditOwner }.Select(o => o.Split(" · ").Last()).Where(id => id.StartsWith("usr_", StringComparison.Ordinal)).ToList();
        People = await people.FindAsync(ids, ct);
        return Page();
    }

    public string Owner(string owner)
    {
        var parts = owner.Split(" · ", 2);
        return parts.Length == 2 ? $"{WalletFormat.Owner(parts[1], People)} ({WalletFormat.OwnerType(parts[0]).ToLowerInvariant()})" : owner;
    }
}
