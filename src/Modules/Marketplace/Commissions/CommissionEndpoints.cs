using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Marketplace.Commissions;

/// <summary>Admins: the tenant's commission schedules, and new ones.</summary>
internal static class CommissionEndpoints
{
    public static void Map(RouteGroupBuilder manage)
    {
        manage.MapGet("/commission-schedules", List).WithName("ListCommissionSchedules");
        manage.MapPost("/commission-schedules", Create).WithIdempotency().WithName("CreateCommissionSchedule");
    }

    private static async Task<Ok<IReadOnlyList<CommissionScheduleResponse>>> List(CommissionService commissions, CancellationToken ct) =>
        TypedResults.Ok(await commissions.ListAsync(ct).ConfigureAwait(false));

    private static async Task<Results<Created<CommissionScheduleResponse>, ProblemHttpResult>> Create(CommissionScheduleRequest request, CommissionService commissions, CancellationToken ct)
    {
        var result = await commissions.CreateAsync(request, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/marketplace/commission-schedules/{result.Value!.ScheduleId}", result.Value) : Problems.For(result.Error!);
    }
}
