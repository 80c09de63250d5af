using Ecosystem.Platform;
using Ecosystem.Wallet.Funding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Wallet.Pages.Admin.Wallet;

/// <summary>The payout provider's outbox: every payout instruction, what the provider answered, and the hold behind it.</summary>
internal sealed class PayoutsModel(FundingService funding, IPersonDirectory people, IPayoutProvider provider) : PageModel
{
    public static readonly string[] Statuses = ["requested", "sending", "paid", "failed"];

    public IReadOnlyList<PayoutResponse> Payouts { get; private set; } = [];
    public IReadOnlyDictionary<string, KnownPerson> People { get; private set; } = new Dictionary<string, KnownPerson>();
    public string? Status { get; private set; }
    public string ProviderName => provider.Name;

    public async Task OnGetAsync(string? status, CancellationToken ct)
    {
        Status = status is not null && Statuses.Contains(status) ? status : null;
        Payouts = (await funding.ListPayoutsAsync(null, Status, 100, ct)).Items;
        People = await people.FindAsync([.. Payouts.Select(p => p.UserEcosystemId).Distinct()], ct);
    }
}
