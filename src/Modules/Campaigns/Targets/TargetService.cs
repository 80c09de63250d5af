using System.Text.Json;
using Ecosystem.Campaigns.Campaigns;
using Ecosystem.Campaigns.Data;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Campaigns.Targets;

/// <summary>Reads a campaign's targets, filtered by status, a page at a time (keyset on the target id).</summary>
internal sealed class TargetService(CampaignsDbContext db)
{
    public async Task<Result<Page<TargetResponse>>> ListAsync(string campaignId, string? status, string? search, int? limit, string? cursor, CancellationToken ct)
    {
        if (!Ids.IsValid(campaignId, "cmp") || !await db.Campaigns.AnyAsync(c => c.CampaignId == campaignId, ct).ConfigureAwait(false)) return CampaignService.NotFound;
        if (status is not null && !TargetStatus.All.Contains(status)) return Error.Validation(new Dictionary<string, string[]> { ["status"] = [$"Status is one of {string.Join(", ", TargetStatus.All)}."] });
        if (search is not null && (search.Length > 20 || search.Any(c => !char.IsAsciiDigit(c) && c != '+'))) return Error.Validation(new Dictionary<string, string[]> { ["search"] = ["Search by the digits of a number."] });
        var page = Paging.Parse(limit, cursor);
        if (!page.IsSuccess) return page.Error!;
        var (take, after) = page.Value;
        var query = db.Targets.AsNoTracking().Where(t => t.CampaignId == campaignId);
        if (status is not null) query = query.Where(t => t.Status == status);
        if (!string.IsNullOrEmpty(search)) query = query.Where(t => t.Msisdn.Contains(search));
        if (after is not null) query = query.Where(t => string.Compare(t.TargetId, after) > 0);
        var rows = await query.OrderBy(t => t.TargetId).Take(take + 1).ToListAsync(ct).ConfigureAwait(false);
        return Paging.ToPage(rows, take, t => t.TargetId, ToResponse);
    }

    public static TargetResponse ToResponse(CampaignTarget t) => new(
        t.TargetId, t.CampaignId, t.Msisdn, t.Country, t.Name, t.UserEcosystemId, JsonSerializer.Deserialize<List<string?>>(t.Variables) ?? [],
        t.Status, t.ErrorCode, t.MessageId, t.Attempts, t.NextAttemptAt, t.SentAt, t.LastUpdateAt, t.Line);
}
