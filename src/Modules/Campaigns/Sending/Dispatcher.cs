using System.Text.Json;
using Ecosystem.Campaigns.Campaigns;
using Ecosystem.Campaigns.Contracts;
using Ecosystem.Campaigns.Data;
using Ecosystem.Campaigns.OptOuts;
using Ecosystem.Campaigns.Settings;
using Ecosystem.Campaigns.Targets;
using Ecosystem.Campaigns.Templates;
using Ecosystem.Campaigns.WhatsApp;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Campaigns.Sending;

/// <summary>
/// One pass of the dispatcher (ADR 0028). (1) Claims left in <c>sending</c> longer than <see cref="Lease"/> (a
/// dispatcher died between claiming and recording) become <c>unknown</c>: never resent. (2) Per throttle bucket, in
/// one unit holding the bucket's row lock: the due targets of running campaigns, each through <see cref="SendPolicy"/>;
/// those to send now are claimed with a conditional update (queued → sending, a claim token), the others deferred,
/// throttled or opted out. (3) Outside the unit: targets of campaigns paused meanwhile are released; the rest are sent
/// once through <see cref="IWhatsAppSender"/>. (4) The outcomes are recorded by a conditional update on the claim
/// token. (5) A running campaign without open targets is done.
/// </summary>
internal sealed class Dispatcher(
    CampaignsDbContext db, Transactions transactions, CampaignsJournal journal, CampaignService campaigns, CampaignSettings settings,
    OptOutService optOuts, IWhatsAppSender sender, TimeProvider time, IServiceProvider services)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    public const int MaxBatch = 1_000;

    public async Task<DispatchPass> RunOnceAsync(CancellationToken ct)
    {
        var unknown = await RecoverAsync(ct).ConfigureAwait(false);
        var running = await db.Campaigns.AsNoTracking().Where(c => c.Status == CampaignStatus.Running).ToListAsync(ct).ConfigureAwait(false);
        if (running.Count == 0) return new DispatchPass(0, 0, 0, 0, unknown, null);
        var templates = (await settings.TemplatesAsync(ct).ConfigureAwait(false)).ToDictionary(t => t.Id, StringComparer.Ordinal);
        int sent = 0, deferred = 0, optedOut = 0, failed = 0;
        DateTimeOffset? next = null;
        foreach (var group in running.GroupBy(c => CampaignService.ReadMetadata(c).ThrottleBucket ?? CampaignSettings.DefaultBucket))
        {
            var claim = await ClaimAsync(group.Key, [.. group], ct).ConfigureAwait(false);
            deferred += claim.Deferred;
            optedOut += claim.OptedOut;
            next = Min(next, claim.NextSlot);
            if (claim.Token is null) continue;
            var (s, f, u) = await SendClaimedAsync(claim.Token, group.ToDictionary(c => c.CampaignId), templates, ct).ConfigureAwait(false);
            sent += s;
            failed += f;
            unknown += u;
        }

        foreach (var campaign in running)
        {
            if (!await db.Targets.AnyAsync(t => t.CampaignId == campaign.CampaignId && (t.Status == TargetStatus.Queued || t.Status == TargetStatus.Throttled || t.Status == TargetStatus.Sending), ct).ConfigureAwait(false))
            {
                await campaigns.MoveAsync(campaign.CampaignId, CampaignAction.Finish, ct).ConfigureAwait(false);
            }
        }

        var ids = running.Select(c => c.CampaignId).ToList();
        var due = await db.Targets.AsNoTracking().Where(t => ids.Contains(t.CampaignId) && (t.Status == TargetStatus.Queued || t.Status == TargetStatus.Throttled))
            .OrderBy(t => t.NextAttemptAt).Select(t => (DateTimeOffset?)t.NextAttemptAt).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        next = due is null ? null : Max(due.Value, next ?? due.Value);
        return new DispatchPass(sent, deferred, optedOut, failed, unknown, next is { } n && n < now ? now : next);
    }

    /// <summary>Claims older than the lease: the send may or may not have happened, so the target is <c>unknown</c> and final.</summary>
    private async Task<int> RecoverAsync(CancellationToken ct)
    {
        var now = time.UtcNowStored();
        var cutoff = now - Lease;
        if (!await db.Targets.AnyAsync(t => t.Status == TargetStatus.Sending && t.ClaimedAt < cutoff, ct).ConfigureAwait(false)) return 0;
        var result = await transactions.RunAsync<int>(db, async c =>
        {
            var n = await db.Targets.Where(t => t.Status == TargetStatus.Sending && t.ClaimedAt < cutoff)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TargetStatus.Unknown).SetProperty(t => t.ErrorCode, "OUTCOME_UNKNOWN").SetProperty(t => t.LastUpdateAt, now), c).ConfigureAwait(false);
            if (n == 0) return 0;
            journal.Audit("campaigns.targets.unknown", "campaign-target", "stale-claims", null, new { count = n, claimedBefore = cutoff });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return n;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result.Value;
    }

    private sealed record Claim(string? Token, int Deferred, int OptedOut, DateTimeOffset? NextSlot);

    private async Task<Claim> ClaimAsync(string bucketName, List<Campaign> group, CancellationToken ct)
    {
        await EnsureWindowAsync(bucketName, ct).ConfigureAwait(false);
        var bucket = await campaigns.BucketAsync(CampaignService.ReadMetadata(group[0]), ct).ConfigureAwait(false);
        var rules = new Dictionary<string, Func<string, (QuietHours?, TimeZoneInfo?)>>(StringComparer.Ordinal);
        foreach (var c in group) rules[c.CampaignId] = await campaigns.QuietRulesAsync(CampaignService.ReadMetadata(c), ct).ConfigureAwait(false);
        var ids = group.Select(c => c.CampaignId).ToList();
        var result = await transactions.RunAsync<Claim>(db, async c =>
        {
            var now = time.UtcNowStored();
            var window = await db.ThrottleWindows.ForUpdate().SingleAsync(w => w.Bucket == bucketName, c).ConfigureAwait(false);
            var state = new ThrottleState(window.SecondStart, window.SecondCount, window.MinuteStart, window.MinuteCount);
            var budget = SendPolicy.Budget(state, bucket.PerMinute, now);
            if (budget == 0) return new Claim(null, 0, 0, SendPolicy.NextSlot(state, bucket.PerMinute, now));
            var candidates = await db.Targets.AsNoTracking()
                .Where(t => ids.Contains(t.CampaignId) && (t.Status == TargetStatus.Queued || t.Status == TargetStatus.Throttled) && t.NextAttemptAt <= now)
                .OrderBy(t => t.NextAttemptAt).ThenBy(t => t.TargetId).Take(Math.Min(MaxBatch, budget * 2))
                .Select(t => new { t.TargetId, t.CampaignId, t.Msisdn, t.Country, t.Status }).ToListAsync(c).ConfigureAwait(false);
            if (candidates.Count == 0) return new Claim(null, 0, 0, null);
            var hashes = candidates.ToDictionary(t => t.TargetId, t => PhoneHash.Of(t.Msisdn));
            var opted = await optOuts.OptedOutAsync([.. hashes.Values], c).ConfigureAwait(false);
            var numbers = candidates.Select(t => t.Msisdn).Distinct().ToList();
            var dayAgo = now.AddDays(-1);
            var perRecipient = bucket.PerRecipientPerDay is null ? [] : await db.Targets.AsNoTracking().Where(t => numbers.Contains(t.Msisdn) && t.SentAt > dayAgo)
                .GroupBy(t => t.Msisdn).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, c).ConfigureAwait(false);
            var unique = bucket.UniqueRecipientsPerDay is null ? 0 : await db.Targets.AsNoTracking().Where(t => t.SentAt > dayAgo).Select(t => t.Msisdn).Distinct().CountAsync(c).ConfigureAwait(false);
            var claimIds = new List<string>();
            var token = Ids.New("clm", time);
            int deferred = 0, optedOut = 0;
            foreach (var t in candidates)
            {
                var (hours, zone) = rules[t.CampaignId](t.Country);
                var counted = perRecipient.ContainsKey(t.Msisdn);
                var decision = SendPolicy.Decide(new SendContext(hours, zone, bucket, state, unique, counted, perRecipient.GetValueOrDefault(t.Msisdn), opted.Contains(hashes[t.TargetId]), now));
                switch (decision.Step)
                {
                    case SendStep.SendNow:
                        state = decision.Throttle;
                        claimIds.Add(t.TargetId);
                        if (!counted) unique++;
                        perRecipient[t.Msisdn] = perRecipient.GetValueOrDefault(t.Msisdn) + 1;
                        break;
                    case SendStep.WaitUntil:
                        deferred++;
                        await db.Targets.Where(x => x.TargetId == t.TargetId && x.Status == t.Status)
                            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, TargetStatus.Queued).SetProperty(x => x.NextAttemptAt, decision.At!.Value).SetProperty(x => x.LastUpdateAt, now), c).ConfigureAwait(false);
                        break;
                    case SendStep.Throttled:
                        deferred++;
                        state = decision.Throttle;
                        await db.Targets.Where(x => x.TargetId == t.TargetId && x.Status == t.Status)
                            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, TargetStatus.Throttled).SetProperty(x => x.ErrorCode, decision.ErrorCode).SetProperty(x => x.NextAttemptAt, decision.At!.Value).SetProperty(x => x.LastUpdateAt, now), c).ConfigureAwait(false);
                        break;
                    case SendStep.OptedOut:
                        optedOut++;
                        await db.Targets.Where(x => x.TargetId == t.TargetId && x.Status == t.Status)
                            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, TargetStatus.OptedOut).SetProperty(x => x.ErrorCode, "OPTED_OUT").SetProperty(x => x.LastUpdateAt, now), c).ConfigureAwait(false);
                        break;
                }
            }

            var claimed = claimIds.Count == 0 ? 0 : await db.Targets.Where(x => claimIds.Contains(x.TargetId) && (x.Status == TargetStatus.Queued || x.Status == TargetStatus.Throttled))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, TargetStatus.Sending).SetProperty(x => x.ClaimToken, token).SetProperty(x => x.ClaimedAt, now)
                    .SetProperty(x => x.Attempts, x => x.Attempts + 1).SetProperty(x => x.LastUpdateAt, now), c).ConfigureAwait(false);
            window.SecondStart = state.SecondStart;
            window.MinuteStart = state.MinuteStart;
            window.SecondCount = state.SecondCount - (claimIds.Count - claimed);
            window.MinuteCount = state.MinuteCount - (claimIds.Count - claimed);
            if (claimed + deferred + optedOut == 0) return new Claim(null, 0, 0, null);
            journal.Audit("campaigns.targets.claimed", "throttle-bucket", bucketName, null, new { claimed, deferred, optedOut, token });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return new Claim(claimed > 0 ? token : null, deferred, optedOut, SendPolicy.NextSlot(state, bucket.PerMinute, now));
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result.Value!;
    }

    private async Task EnsureWindowAsync(string bucket, CancellationToken ct)
    {
        if (await db.ThrottleWindows.AsNoTracking().AnyAsync(w => w.Bucket == bucket, ct).ConfigureAwait(false)) return;
        try
        {
            await transactions.WriteBookkeepingAsync(db, async c =>
            {
                db.ThrottleWindows.Add(new ThrottleWindow { Bucket = bucket, SecondStart = DateTimeOffset.UnixEpoch, MinuteStart = DateTimeOffset.UnixEpoch });
                return await db.SaveChangesAsync(c).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // Another dispatcher created it first.
        }

        db.ChangeTracker.Clear();
    }

    private async Task<(int Sent, int Failed, int Unknown)> SendClaimedAsync(string token, Dictionary<string, Campaign> campaignsById, Dictionary<string, MessageTemplate> templates, CancellationToken ct)
    {
        // Pause within a second: a campaign paused since the claim gets its targets back, unsent.
        var stillRunning = await db.Campaigns.AsNoTracking().Where(c => campaignsById.Keys.Contains(c.CampaignId) && c.Status == CampaignStatus.Running).Select(c => c.CampaignId).ToListAsync(ct).ConfigureAwait(false);
        if (stillRunning.Count < campaignsById.Count) await ReleaseAsync(token, stillRunning, ct).ConfigureAwait(false);
        var claimed = await db.Targets.AsNoTracking().Where(t => t.ClaimToken == token && t.Status == TargetStatus.Sending).OrderBy(t => t.TargetId).ToListAsync(ct).ConfigureAwait(false);
        if (claimed.Count == 0) return (0, 0, 0);

        var issuer = services.GetService<ICampaignVoucherIssuer>();
        var messages = new List<OutgoingMessage>(claimed.Count);
        var vouchers = new Dictionary<string, string>(StringComparer.Ordinal);
        var unsendable = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in claimed)
        {
            var campaign = campaignsById[t.CampaignId];
            var variables = JsonSerializer.Deserialize<List<string?>>(t.Variables) ?? [];
            if (campaign.Type == CampaignTypes.Voucher)
            {
                // The voucher's code fills the template's last variable (ADR 0028); without the vouchers module nothing is sent.
                var issued = issuer is null ? CampaignService.VouchersUnavailable : await issuer.IssueAsync(campaign.CampaignId, t.TargetId, t.Msisdn, t.UserEcosystemId, ct).ConfigureAwait(false);
                if (!issued.IsSuccess) { unsendable[t.TargetId] = issued.Error!.Code; continue; }
                variables.Add(issued.Value!.Code);
                vouchers[t.TargetId] = issued.Value.VoucherId;
            }

            if (!templates.TryGetValue(campaign.TemplateId, out var template)) { unsendable[t.TargetId] = "TEMPLATE_NOT_FOUND"; continue; }
            var (text, missing) = TemplateText.Render(template.Body, variables);
            if (text is null) { unsendable[t.TargetId] = "TEMPLATE_VARIABLE_MISSING"; continue; }
            messages.Add(new OutgoingMessage(t.Msisdn, template, variables, text));
            _ = missing;
        }

        var toSend = claimed.Where(t => !unsendable.ContainsKey(t.TargetId)).ToList();
        var outcomes = await sender.SendAsync(messages, ct).ConfigureAwait(false);
        var byTarget = toSend.Select((t, i) => (t, outcomes[i])).ToList();
        int sent = 0, failed = 0, unknown = 0;
        await transactions.RunAsync<int>(db, async c =>
        {
            var now = time.UtcNowStored();
            foreach (var (t, outcome) in byTarget)
            {
                var mine = db.Targets.Where(x => x.TargetId == t.TargetId && x.ClaimToken == token && x.Status == TargetStatus.Sending);
                if (outcome.Accepted)
                {
                    sent += await mine.ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, TargetStatus.Sent).SetProperty(x => x.MessageId, outcome.MessageId).SetProperty(x => x.SentAt, now)
                        .SetProperty(x => x.ErrorCode, (string?)null).SetProperty(x => x.LastUpdateAt, now), c).ConfigureAwait(false);
                    if (t.UserEcosystemId is not null) journal.Event(CampaignEvents.MessageSent, t.UserEcosystemId, new { campaignId = t.CampaignId, targetId = t.TargetId, campaigns = new { optOut = "subscribed" } });
                    continue;
                }

                if (outcome.ErrorCode == "NO_ANSWER")
                {
                    unknown += await mine.ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, TargetStatus.Unknown).SetProperty(x => x.ErrorCode, "OUTCOME_UNKNOWN").SetProperty(x => x.LastUpdateAt, now), c).ConfigureAwait(false);
                    continue;
                }

                var decision = SendPolicy.AfterSend(outcome, t.Attempts + 1, now)!;
                var status = decision.Step switch { SendStep.Throttled => TargetStatus.Throttled, SendStep.WaitUntil => TargetStatus.Queued, _ => TargetStatus.Failed };
                if (status == TargetStatus.Failed) failed++;
                await mine.ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, status).SetProperty(x => x.ErrorCode, decision.ErrorCode).SetProperty(x => x.NextAttemptAt, decision.At ?? now)
                    .SetProperty(x => x.ClaimToken, (string?)null).SetProperty(x => x.LastUpdateAt, now), c).ConfigureAwait(false);
            }

            foreach (var (id, code) in unsendable)
            {
                failed += await db.Targets.Where(x => x.TargetId == id && x.ClaimToken == token && x.Status == TargetStatus.Sending)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, TargetStatus.Failed).SetProperty(x => x.ErrorCode, code).SetProperty(x => x.LastUpdateAt, now), c).ConfigureAwait(false);
            }

            journal.Audit("campaigns.targets.sent", "campaign-claim", token, null, new { sent, failed, unknown, sender = sender.Name });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return sent;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        if (issuer is not null) foreach (var (t, outcome) in byTarget) if (outcome.Accepted && vouchers.TryGetValue(t.TargetId, out var voucherId)) await issuer.MarkSentAsync(voucherId, ct).ConfigureAwait(false);
        await sender.ReportAsync(ct).ConfigureAwait(false);
        return (sent, failed, unknown);
    }

    private async Task ReleaseAsync(string token, List<string> running, CancellationToken ct)
    {
        await transactions.RunAsync<int>(db, async c =>
        {
            var now = time.UtcNowStored();
            var n = await db.Targets.Where(t => t.ClaimToken == token && t.Status == TargetStatus.Sending && !running.Contains(t.CampaignId))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TargetStatus.Queued).SetProperty(t => t.ClaimToken, (string?)null).SetProperty(t => t.ClaimedAt, (DateTimeOffset?)null)
                    .SetProperty(t => t.Attempts, t => t.Attempts - 1).SetProperty(t => t.LastUpdateAt, now), c).ConfigureAwait(false);
            if (n == 0) return 0;
            journal.Audit("campaigns.targets.released", "campaign-claim", token, null, new { released = n, reason = "campaign paused" });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return n;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
