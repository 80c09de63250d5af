using System.Text.Json;
using Ecosystem.Campaigns.Contracts;
using Ecosystem.Campaigns.Data;
using Ecosystem.Campaigns.Sending;
using Ecosystem.Campaigns.Settings;
using Ecosystem.Campaigns.Targets;
using Ecosystem.Campaigns.Templates;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Campaigns.Campaigns;

/// <summary>Campaigns: create a draft, read one with its counts and estimated finish, and move it through <see cref="CampaignTransitions"/>.</summary>
internal sealed class CampaignService(
    CampaignsDbContext db, Transactions transactions, CampaignsJournal journal, CampaignSettings settings, OperationContext op, TimeProvider time, IServiceProvider services)
{
    public static readonly Error NotFound = Error.NotFound("CAMPAIGN_NOT_FOUND", "There is no such campaign.");
    public static readonly Error IllegalTransition = Error.Conflict("CAMPAIGN_TRANSITION_NOT_ALLOWED", "The campaign's status does not allow this (draft → running → paused → running → done).");
    public static readonly Error NoTargets = Error.Conflict("CAMPAIGN_HAS_NO_TARGETS", "Add targets before starting the campaign.");
    public static readonly Error TemplateMissing = Error.Conflict("TEMPLATE_NOT_FOUND", "The campaign's template is no longer in the templates setting.");
    public static readonly Error VariablesMissing = Error.Conflict("TEMPLATE_VARIABLES_MISSING", "Some targets cannot fill the template's variables; fix or remove them before starting.");
    public static readonly Error VouchersUnavailable = Error.Conflict("VOUCHERS_UNAVAILABLE", "Voucher campaigns need the vouchers module, which is not installed here; nothing was sent.");

    internal static readonly JsonSerializerOptions MetadataJson = new(Json.Options) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public async Task<Result<CampaignResponse>> CreateAsync(CampaignRequest? request, CancellationToken ct)
    {
        var v = new Validator();
        v.Text(request?.Name, "name", 120);
        v.Require(request?.Type is not null && CampaignTypes.All.Contains(request.Type), "type", "Type is promo or voucher.");
        v.Text(request?.TemplateId, "templateId", 60);
        var templates = await settings.TemplatesAsync(ct).ConfigureAwait(false);
        if (request?.TemplateId is { } tid && !tid.Contains('\0') && templates.All(t => t.Id != tid)) v.Add("templateId", "There is no template with this id in the templates setting.");
        var metadata = request?.Metadata ?? new CampaignMetadata();
        if (metadata.QuietHours is { } quiet) foreach (var problem in CampaignSettings.CheckQuietHours(quiet)) v.Add("metadata.quietHours", problem);
        if (metadata.DefaultRegion is { } region && !E164.IsRegion(region)) v.Add("metadata.defaultRegion", "The default region is a country code like RW or MT.");
        if (metadata.ThrottleBucket is { } bucket && (bucket.Length > 40 || !bucket.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))) v.Add("metadata.throttleBucket", "The throttle bucket is a name from the send_throttle setting, e.g. whatsapp.");
        v.Text(metadata.Notes, "metadata.notes", 1000, required: false);
        if (!v.IsValid) return v.ToError();

        return await transactions.RunAsync<CampaignResponse>(db, async c =>
        {
            var now = time.UtcNowStored();
            var campaign = new Campaign
            {
                CampaignId = Ids.New("cmp", time), Name = request!.Name!.Trim(), Type = request.Type!, TemplateId = request.TemplateId!, Status = CampaignStatus.Draft,
                CreatedBy = op.ActorId ?? "system", CreatedAt = now, UpdatedAt = now, Metadata = JsonSerializer.Serialize(metadata with { DefaultRegion = metadata.DefaultRegion?.ToUpperInvariant() }, MetadataJson),
            };
            db.Campaigns.Add(campaign);
            journal.Audit("campaigns.campaign.created", "campaign", campaign.CampaignId, null, new { campaign.Name, campaign.Type, campaign.TemplateId, campaign.Status });
            journal.Event(CampaignEvents.CampaignCreated, null, new { campaignId = campaign.CampaignId, type = campaign.Type, templateId = campaign.TemplateId });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return ToResponse(campaign, EmptyCounts(), null);
        }, ct).ConfigureAwait(false);
    }

    public async Task<Result<CampaignResponse>> GetAsync(string id, CancellationToken ct)
    {
        if (!Ids.IsValid(id, "cmp")) return NotFound;
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.CampaignId == id, ct).ConfigureAwait(false);
        if (campaign is null) return NotFound;
        var counts = await CountsAsync(id, ct).ConfigureAwait(false);
        return ToResponse(campaign, counts, await EstimateAsync(campaign, ct).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<CampaignResponse>> ListAsync(CancellationToken ct)
    {
        var campaigns = await db.Campaigns.AsNoTracking().OrderByDescending(c => c.CreatedAt).Take(200).ToListAsync(ct).ConfigureAwait(false);
        var ids = campaigns.Select(c => c.CampaignId).ToList();
        var rows = await db.Targets.AsNoTracking().Where(t => ids.Contains(t.CampaignId)).GroupBy(t => new { t.CampaignId, t.Status })
            .Select(g => new { g.Key.CampaignId, g.Key.Status, Count = g.Count() }).ToListAsync(ct).ConfigureAwait(false);
        return [.. campaigns.Select(c =>
        {
            var counts = EmptyCounts();
            foreach (var r in rows.Where(r => r.CampaignId == c.CampaignId)) counts[r.Status] = r.Count;
            return ToResponse(c, counts, null);
        })];
    }

    public async Task<Dictionary<string, int>> CountsAsync(string id, CancellationToken ct)
    {
        var counts = EmptyCounts();
        var rows = await db.Targets.AsNoTracking().Where(t => t.CampaignId == id).GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct).ConfigureAwait(false);
        foreach (var r in rows) counts[r.Key] = r.Count;
        return counts;
    }

    /// <summary>When the send policy expects the campaign's open targets to be sent (quiet hours and the bucket's rate, per country).</summary>
    public async Task<DateTimeOffset?> EstimateAsync(Campaign campaign, CancellationToken ct)
    {
        if (campaign.Status is CampaignStatus.Done) return campaign.FinishedAt;
        var open = await db.Targets.AsNoTracking().Where(t => t.CampaignId == campaign.CampaignId && (t.Status == TargetStatus.Queued || t.Status == TargetStatus.Throttled || t.Status == TargetStatus.Sending))
            .GroupBy(t => t.Country).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct).ConfigureAwait(false);
        var rules = await QuietRulesAsync(ReadMetadata(campaign), ct).ConfigureAwait(false);
        var bucket = await BucketAsync(ReadMetadata(campaign), ct).ConfigureAwait(false);
        return SendPolicy.EstimateFinish(open, rules, bucket.PerMinute, time.GetUtcNow());
    }

    /// <summary>Messages sent per minute over the last <paramref name="minutes"/> minutes (the send-rate chart).</summary>
    public async Task<IReadOnlyList<(DateTimeOffset Minute, int Sent)>> SendRateAsync(string id, int minutes, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var end = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1);
        var points = new List<(DateTimeOffset, int)>(minutes);
        for (var m = minutes; m > 0; m--)
        {
            var from = end.AddMinutes(-m);
            var to = from.AddMinutes(1);
            points.Add((from, await db.Targets.CountAsync(t => t.CampaignId == id && t.SentAt >= from && t.SentAt < to, ct).ConfigureAwait(false)));
        }

        return points;
    }

    public async Task<Func<string, (QuietHours?, TimeZoneInfo?)>> QuietRulesAsync(CampaignMetadata metadata, CancellationToken ct)
    {
        var quiet = await settings.QuietHoursAsync(ct).ConfigureAwait(false);
        if (metadata.QuietHours is { } overrides) foreach (var (k, v) in overrides) quiet[k] = v;
        return country => (quiet.GetValueOrDefault(country), Zone(country));
    }

    public async Task<ThrottleBucket> BucketAsync(CampaignMetadata metadata, CancellationToken ct)
    {
        var buckets = await settings.ThrottleAsync(ct).ConfigureAwait(false);
        return buckets.GetValueOrDefault(metadata.ThrottleBucket ?? CampaignSettings.DefaultBucket) ?? buckets.GetValueOrDefault(CampaignSettings.DefaultBucket) ?? new ThrottleBucket(60);
    }

    public static TimeZoneInfo? Zone(string country) =>
        CampaignSettings.TimeZones.TryGetValue(country, out var id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    /// <summary>An operator's start, pause or resume (and the dispatcher's finish): the table's conditional update, its audit row and event; anything else 409.</summary>
    public async Task<Result<CampaignResponse>> MoveAsync(string id, CampaignAction action, CancellationToken ct)
    {
        if (!Ids.IsValid(id, "cmp")) return NotFound;
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.CampaignId == id, ct).ConfigureAwait(false);
        if (campaign is null) return NotFound;
        var (from, to, eventName) = CampaignTransitions.Of(action);
        if (campaign.Status != from) return IllegalTransition;
        if (action == CampaignAction.Start && await CheckStartAsync(campaign, ct).ConfigureAwait(false) is { } refused) return refused;

        var moved = await transactions.RunAsync<bool>(db, async c =>
        {
            var now = time.UtcNowStored();
            var changed = action switch
            {
                CampaignAction.Start => await db.Campaigns.Where(x => x.CampaignId == id && x.Status == from)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, to).SetProperty(x => x.StartedAt, now).SetProperty(x => x.UpdatedAt, now), c).ConfigureAwait(false),
                CampaignAction.Finish => await db.Campaigns.Where(x => x.CampaignId == id && x.Status == from
                        && !db.Targets.Any(t => t.CampaignId == id && (t.Status == TargetStatus.Queued || t.Status == TargetStatus.Throttled || t.Status == TargetStatus.Sending)))
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, to).SetProperty(x => x.FinishedAt, now).SetProperty(x => x.UpdatedAt, now), c).ConfigureAwait(false),
                _ => await db.Campaigns.Where(x => x.CampaignId == id && x.Status == from)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, to).SetProperty(x => x.UpdatedAt, now), c).ConfigureAwait(false),
            };
            if (changed == 0) return IllegalTransition;
            if (action == CampaignAction.Start)
            {
                // Targets queued before the start are due now, not at their import time.
                await db.Targets.Where(t => t.CampaignId == id && t.Status == TargetStatus.Queued && t.NextAttemptAt < now)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.NextAttemptAt, now), c).ConfigureAwait(false);
            }

            journal.Audit("campaigns.campaign." + CampaignTransitions.Verb(action), "campaign", id, new { status = from }, new { status = to });
            journal.Event(eventName, null, new { campaignId = id, status = to, type = campaign.Type });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return moved.IsSuccess ? await GetAsync(id, ct).ConfigureAwait(false) : moved.Error!;
    }

    private async Task<Error?> CheckStartAsync(Campaign campaign, CancellationToken ct)
    {
        if (campaign.Type == CampaignTypes.Voucher && services.GetService<ICampaignVoucherIssuer>() is null) return VouchersUnavailable;
        var template = (await settings.TemplatesAsync(ct).ConfigureAwait(false)).FirstOrDefault(t => t.Id == campaign.TemplateId);
        if (template is null) return TemplateMissing;
        if (!await db.Targets.AnyAsync(t => t.CampaignId == campaign.CampaignId, ct).ConfigureAwait(false)) return NoTargets;
        var needed = TemplateText.VariableCount(template.Body);
        if (needed == 0) return null;
        var unfilled = 0;
        await foreach (var variables in db.Targets.AsNoTracking().Where(t => t.CampaignId == campaign.CampaignId && t.Status == TargetStatus.Queued).Select(t => t.Variables).AsAsyncEnumerable().WithCancellation(ct).ConfigureAwait(false))
        {
            var values = JsonSerializer.Deserialize<List<string?>>(variables) ?? [];
            if (values.Take(needed).Count(x => !string.IsNullOrWhiteSpace(x)) < needed) unfilled++;
        }

        return unfilled == 0 ? null : VariablesMissing with { Message = $"{unfilled} target{(unfilled == 1 ? "" : "s")} cannot fill the template's {needed} variable{(needed == 1 ? "" : "s")}; fix or remove them before starting." };
    }

    public static CampaignMetadata ReadMetadata(Campaign campaign) =>
        JsonSerializer.Deserialize<CampaignMetadata>(campaign.Metadata, MetadataJson) ?? new CampaignMetadata();

    public static Dictionary<string, int> EmptyCounts() => TargetStatus.All.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);

    public static CampaignResponse ToResponse(Campaign c, Dictionary<string, int> counts, DateTimeOffset? estimate) => new(
        c.CampaignId, c.LegacyId, c.Name, c.Type, c.TemplateId, c.Status, c.CreatedBy, c.CreatedAt, c.StartedAt, c.FinishedAt, ReadMetadata(c),
        counts, counts.Values.Sum(), estimate, [.. CampaignTransitions.From(c.Status).Where(a => a != CampaignAction.Finish).Select(CampaignTransitions.Verb)]);
}
