using Ecosystem.Campaigns.Contracts;
using Ecosystem.Campaigns.Data;
using Ecosystem.Campaigns.Settings;
using Ecosystem.Campaigns.Targets;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Security;
using Ecosystem.Platform.Settings;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Campaigns.OptOuts;

/// <summary>
/// The shared opt-out record: a number that writes STOP, UNSUBSCRIBE or HAGARIKA (Kinyarwanda) is opted out once: its
/// hash is stored (never the number), added to the <c>opt_out_list</c> setting, and its queued targets in every
/// campaign become <c>opted_out</c>. The send policy never sends to a hash in either place.
/// </summary>
internal sealed class OptOutService(CampaignsDbContext db, Transactions transactions, CampaignsJournal journal, SettingsService settingsStore, CampaignSettings settings, TimeProvider time) : IOptOutRegistry
{
    public static readonly IReadOnlySet<string> Keywords = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "STOP", "UNSUBSCRIBE", "HAGARIKA", "STOP ALL", "OPT OUT", "OPTOUT" };

    public static bool IsOptOutText(string? text) => text is not null && Keywords.Contains(text.Trim().TrimEnd('.', '!').Trim());

    public async Task<bool> IsOptedOutAsync(string e164, CancellationToken ct)
    {
        var hash = PhoneHash.Of(e164);
        return await db.OptOuts.AsNoTracking().AnyAsync(o => o.PhoneHash == hash, ct).ConfigureAwait(false)
            || (await settings.OptOutListAsync(ct).ConfigureAwait(false)).Contains(hash);
    }

    /// <summary>The hashes among <paramref name="hashes"/> that opted out (record or setting).</summary>
    public async Task<HashSet<string>> OptedOutAsync(IReadOnlyCollection<string> hashes, CancellationToken ct)
    {
        var found = (await db.OptOuts.AsNoTracking().Where(o => hashes.Contains(o.PhoneHash)).Select(o => o.PhoneHash).ToListAsync(ct).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        foreach (var h in await settings.OptOutListAsync(ct).ConfigureAwait(false)) if (hashes.Contains(h)) found.Add(h);
        return found;
    }

    public async Task<Result<bool>> OptOutAsync(string e164, string reason, CancellationToken ct)
    {
        var hash = PhoneHash.Of(e164);
        var result = await transactions.RunAsync<bool>(db, async c =>
        {
            if (await db.OptOuts.AnyAsync(o => o.PhoneHash == hash, c).ConfigureAwait(false)) return false;
            var now = time.UtcNowStored();
            db.OptOuts.Add(new OptOut { PhoneHash = hash, Reason = reason.Length > 200 ? reason[..200] : reason, Ts = now });
            await db.Targets.Where(t => t.Msisdn == e164 && (t.Status == TargetStatus.Queued || t.Status == TargetStatus.Throttled))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TargetStatus.OptedOut).SetProperty(t => t.ErrorCode, "OPTED_OUT").SetProperty(t => t.LastUpdateAt, now), c).ConfigureAwait(false);
            var user = await db.Targets.AsNoTracking().Where(t => t.Msisdn == e164 && t.UserEcosystemId != null).Select(t => t.UserEcosystemId).FirstOrDefaultAsync(c).ConfigureAwait(false);
            journal.Audit("campaigns.optout.created", "opt-out", hash, null, new { phoneHash = hash, reason });
            journal.Event(CampaignEvents.OptedOut, user, new { phoneHash = hash, reason, campaigns = new { optOut = "opted out" } });
            await db.SaveChangesAsync(c).ConfigureAwait(false);

            var list = await settings.OptOutListAsync(c).ConfigureAwait(false);
            if (!list.Contains(hash))
            {
                list.Add(hash);
                var stored = await settingsStore.GetAsync(CampaignSettings.OptOutListKey, [Roles.SuperAdmin], c).ConfigureAwait(false);
                var update = await settingsStore.UpdateAsync(CampaignSettings.OptOutListKey, new SettingUpdate(System.Text.Json.JsonSerializer.SerializeToNode(list), stored.Value?.Version), [Roles.SuperAdmin], c).ConfigureAwait(false);
                if (!update.IsSuccess) return update.Error!;
            }

            return true;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result;
    }
}
