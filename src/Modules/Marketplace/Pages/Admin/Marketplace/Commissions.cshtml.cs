using System.Globalization;
using Ecosystem.Marketplace.Commissions;
using Ecosystem.Platform;
using Microsoft.AspNetCore.Mvc;

namespace Ecosystem.Marketplace.Pages.Admin.Marketplace;

/// <summary>Admins: the tenant's commission schedules (in force, upcoming, past) and a form for a new one.</summary>
internal sealed class CommissionsModel(CommissionService commissions, MarketplaceOptions options) : MarketplacePage
{
    public IReadOnlyList<CommissionScheduleResponse> Schedules { get; private set; } = [];
    public string Currency => options.Currency;

    public async Task OnGetAsync(CancellationToken ct) => Schedules = await commissions.ListAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? category, string? ratePercent, string? flatFee, string? effectiveFrom, string? note, CancellationToken ct)
    {
        if (!decimal.TryParse(ratePercent, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) || percent < 0 || percent > 100 || percent * 100 != decimal.Truncate(percent * 100))
        {
            return Done("Enter the rate as a percentage from 0 to 100 with at most two decimals, like 5 or 2.5.", ok: false);
        }

        long fee = 0;
        if (!string.IsNullOrWhiteSpace(flatFee) && Amounts.CheckTyped(flatFee, Currency, CommissionService.MaxFlatFee, out fee) is { } problem) return Done("Flat fee: " + problem, ok: false);
        DateTimeOffset? from = null;
        if (!string.IsNullOrWhiteSpace(effectiveFrom))
        {
            if (!DateTime.TryParse(effectiveFrom, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)) return Done("Enter the start as a date and time.", ok: false);
            from = new DateTimeOffset(parsed, TimeSpan.Zero);
        }

        var result = await commissions.CreateAsync(new CommissionScheduleRequest(string.IsNullOrWhiteSpace(category) ? "*" : category, (int)(percent * 100), fee, Currency, from, note), ct);
        return result.IsSuccess ? Done(result.Value!.Upcoming ? "Schedule saved; it applies from its start." : "Schedule saved and in force now.") : Failed(result.Error!);
    }
}
