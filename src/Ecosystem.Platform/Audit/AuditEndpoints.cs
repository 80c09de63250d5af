using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Platform.Audit;

public sealed record AuditEntryDto(
    string Id, DateTimeOffset OccurredAt, string ActorId, string ActorRole, string Action, string TargetType, string TargetId,
    System.Text.Json.JsonElement? Before, System.Text.Json.JsonElement? After, System.Text.Json.JsonElement Changes, string? JourneyId);

/// <summary>Reads the audit log, newest first, filtered by target type, target id and actor.</summary>
public sealed class AuditQueries(PlatformDbContext db)
{
    public async Task<Result<Page<AuditEntryDto>>> ListAsync(string? targetType, string? targetId, string? actor, int? limit, string? cursor, CancellationToken ct)
    {
        var paging = Paging.Parse(limit, cursor);
        if (!paging.IsSuccess) return paging.Error!;
        var (take, after) = paging.Value;
        var query = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(targetType)) query = query.Where(a => a.TargetType == targetType);
        if (!string.IsNullOrWhiteSpace(targetId)) query = query.Where(a => a.TargetId == targetId);
        if (!string.IsNullOrWhiteSpace(actor)) query = query.Where(a => a.ActorId == actor);
        if (after is not null) query = query.Where(a => string.Compare(a.Id, after) < 0);
        var rows = await query.OrderByDescending(a => a.Id).Take(take + 1).ToListAsync(ct).ConfigureAwait(false);
        return Paging.ToPage(rows, take, a => a.Id, ToDto);
    }

    public async Task<IReadOnlyList<string>> TargetTypesAsync(CancellationToken ct) =>
        await db.AuditLog.AsNoTracking().Select(a => a.TargetType).Distinct().OrderBy(t => t).ToListAsync(ct).ConfigureAwait(false);

    private static AuditEntryDto ToDto(AuditEntry a) => new(
        a.Id, a.OccurredAt, a.ActorId, a.ActorRole, a.Action, a.TargetType, a.TargetId,
        Parse(a.Before), Parse(a.After), Parse(a.Changes) ?? default, a.JourneyId);

    private static System.Text.Json.JsonElement? Parse(string? json) =>
        json is null ? null : System.Text.Json.JsonDocument.Parse(json).RootElement.Clone();
}

public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/admin/audit").WithTags("Audit").RequireAuthorization(Policies.AuditRead);
        group.MapGet("/", async Task<Results<Ok<Page<AuditEntryDto>>, ProblemHttpResult>> (
                string? targetType, string? targetId, string? actor, int? limit, string? cursor, AuditQueries queries, CancellationToken ct) =>
            (await queries.ListAsync(targetType, targetId, actor, limit, cursor, ct).ConfigureAwait(false)).ToOk())
            .WithName("ListAudit");
        return group;
    }
}
