using Ecosystem.Marketplace.Contracts;
using Ecosystem.Marketplace.Data;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Marketplace.Commissions;

/// <summary>
/// Commission schedules per tenant, category and currency. The one that applies at an instant is the category's own
/// schedule with the latest <c>effectiveFrom</c> not after that instant, or else the same for <c>*</c>; a future-dated one
/// waits. Schedules are never edited: a new one with a later instant takes over from then.
/// </summary>
internal sealed class CommissionService(MarketplaceDbContext db, Transactions transactions, MarketplaceJournal journal, MarketplaceTenant tenant, TimeProvider time)
{
    public const long MaxFlatFee = 1_000_000_000_000;

    public async Task<IReadOnlyList<CommissionScheduleResponse>> ListAsync(CancellationToken ct)
    {
        var tenantId = await tenant.IdAsync(ct).ConfigureAwait(false);
        var rows = await db.CommissionSchedules.AsNoTracking().Where(s => s.TenantId == tenantId).ToListAsync(ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var inForce = rows.Where(s => s.EffectiveFrom <= now).GroupBy(s => (s.Category, s.Currency))
            .Select(g => g.OrderByDescending(s => s.EffectiveFrom).ThenByDescending(s => s.ScheduleId, StringComparer.Ordinal).First().ScheduleId).ToHashSet();
        return [.. rows.OrderBy(s => s.Category, StringComparer.Ordinal).ThenBy(s => s.Currency, StringComparer.Ordinal).ThenByDescending(s => s.EffectiveFrom)
            .Select(s => ToResponse(s, inForce.Contains(s.ScheduleId), s.EffectiveFrom > now))];
    }

    public async Task<Result<CommissionScheduleResponse>> CreateAsync(CommissionScheduleRequest? request, CancellationToken ct)
    {
        var v = new Validator();
        if (request is null)
        {
            v.Add("body", "Give a commission schedule.");
            return v.ToError();
        }

        var category = request.Category?.Trim().ToLowerInvariant();
        if (category != CommissionSchedule.AnyCategory && !Words.IsCategory(category)) v.Add("category", "Category is a word of 1 to 40 letters, digits or dashes (like moto), or * for every category.");
        if (request.RateBp is not (>= 0 and <= CommissionSplit.MaxRateBp)) v.Add("rateBp", "Rate is required, in basis points from 0 to 10,000 (250 is 2.5 %).");
        if (request.FlatFee is < 0 or > MaxFlatFee) v.Add("flatFee", "Flat fee is in minor units, from 0.");
        if (request.Currency is null || !Money.IsKnownCurrency(request.Currency)) v.Add("currency", "Currency is not a known ISO code (like RWF).");
        v.Text(request.Note, "note", 300, required: false);
        if (!v.IsValid) return v.ToError();
        var tenantId = await tenant.IdAsync(ct).ConfigureAwait(false);
        var now = time.UtcNowStored();
        var effective = request.EffectiveFrom?.ToUniversalTime() ?? now;
        var result = await transactions.RunAsync<CommissionScheduleResponse>(db, async c =>
        {
            var schedule = new CommissionSchedule
            {
                ScheduleId = Ids.New("com", time), TenantId = tenantId, Category = category!, RateBp = request.RateBp!.Value, FlatFee = request.FlatFee ?? 0,
                Currency = request.Currency!, EffectiveFrom = effective, Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(), CreatedAt = now,
            };
            db.CommissionSchedules.Add(schedule);
            var response = ToResponse(schedule, false, schedule.EffectiveFrom > now);
            journal.Audit("marketplace.commission-schedule.created", "commission-schedule", schedule.ScheduleId, null, response);
            journal.Event(MarketplaceEvents.CommissionScheduleCreated, null, new { scheduleId = schedule.ScheduleId, category = schedule.Category, rateBp = schedule.RateBp, flatFee = schedule.FlatFee, currency = schedule.Currency });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return response;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result.IsSuccess ? (await ListAsync(ct).ConfigureAwait(false)).First(s => s.ScheduleId == result.Value!.ScheduleId) : result;
    }

    /// <summary>The schedule in force for a category and currency at an instant, or null (no commission).</summary>
    public async Task<CommissionSchedule?> InForceAsync(string tenantId, string category, string currency, DateTimeOffset at, CancellationToken ct)
    {
        var candidates = await db.CommissionSchedules.AsNoTracking()
            .Where(s => s.TenantId == tenantId && s.Currency == currency && (s.Category == category || s.Category == CommissionSchedule.AnyCategory) && s.EffectiveFrom <= at)
            .ToListAsync(ct).ConfigureAwait(false);
        return candidates.OrderBy(s => s.Category == category ? 0 : 1).ThenByDescending(s => s.EffectiveFrom).ThenByDescending(s => s.ScheduleId, StringComparer.Ordinal).FirstOrDefault();
    }

    public static CommissionScheduleResponse ToResponse(CommissionSchedule s, bool inForce, bool upcoming) =>
        new(s.ScheduleId, s.Category, s.RateBp, s.FlatFee, s.Currency, s.EffectiveFrom, s.Note, s.CreatedAt, inForce, upcoming);
}
