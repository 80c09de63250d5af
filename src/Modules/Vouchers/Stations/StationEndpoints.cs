using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using System.Security.Claims;

namespace Ecosystem.Vouchers.Stations;

/// <summary>Stations under <c>/stations</c> (list and near-me for anyone signed in; create and bind operators for station managers) and the operator's own under <c>/station/me</c>.</summary>
internal static class StationEndpoints
{
    public static void Map(RouteGroupBuilder signedIn, RouteGroupBuilder manage, RouteGroupBuilder read, RouteGroupBuilder station)
    {
        signedIn.MapGet("/stations", List).WithName("ListStations");
        read.MapGet("/stations/{stationId}", Get).WithName("GetStation");
        manage.MapPost("/stations", Create).WithIdempotency().WithName("CreateStation").Answers(StationService.EngencodeTaken);
        manage.MapPost("/stations/{stationId}/operators", Bind).WithName("BindStationOperator").Answers(StationService.UserNotFound);
        station.MapGet("/me", Me).WithName("GetMyStations");
    }

    private static async Task<Results<Ok<IReadOnlyList<StationResponse>>, ProblemHttpResult>> List(string? near, int? limit, ClaimsPrincipal user, IAuthorizationService authorization, StationService stations, CancellationToken ct)
    {
        var withContact = (await authorization.AuthorizeAsync(user, VoucherPolicies.Read).ConfigureAwait(false)).Succeeded;
        return (await stations.ListAsync(near, withContact, limit, ct).ConfigureAwait(false)).ToOk();
    }

    private static async Task<Results<Ok<StationResponse>, ProblemHttpResult>> Get(string stationId, StationService stations, CancellationToken ct) =>
        (await stations.GetAsync(stationId, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Created<StationResponse>, ProblemHttpResult>> Create(StationRequest request, StationService stations, CancellationToken ct)
    {
        var result = await stations.CreateAsync(request, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/stations/{result.Value!.StationId}", result.Value) : Problems.For(result.Error!);
    }

    private static async Task<Results<Ok<OperatorResponse>, ProblemHttpResult>> Bind(string stationId, OperatorRequest request, StationService stations, CancellationToken ct) =>
        (await stations.BindOperatorAsync(stationId, request, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Ok<MyStationsResponse>> Me(OperationContext op, StationService stations, CancellationToken ct) =>
        TypedResults.Ok(await stations.MineAsync(op.ActorId, ct).ConfigureAwait(false));
}
