using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Analytics.Journeys;

/// <summary>The stored event stream and the journeys in it, for analytics readers.</summary>
internal static class EventEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/events", ListEvents).RequireAuthorization(AnalyticsPolicies.Read).WithTags("Analytics").WithName("ListEvents");
        var journeys = api.MapGroup("/journeys").WithTags("Analytics: journeys").RequireAuthorization(AnalyticsPolicies.Read);
        journeys.MapGet("/{journeyId}", GetJourney).WithName("GetJourney");
        journeys.MapGet("/", ListJourneys).WithName("ListJourneys");
    }

    private static async Task<Results<Ok<Page<StoredEvent>>, ProblemHttpResult>> ListEvents(
        string? userEcosystemId, string? eventName, string? journeyId, DateTimeOffset? from, DateTimeOffset? to, int? limit, string? cursor, EventQueries events, CancellationToken ct) =>
        (await events.ListAsync(userEcosystemId, eventName, journeyId, from, to, limit, cursor, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<Journey>, ProblemHttpResult>> GetJourney(string journeyId, EventQueries events, CancellationToken ct) =>
        await events.GetJourneyAsync(journeyId, ct).ConfigureAwait(false) is { } journey
            ? TypedResults.Ok(journey)
            : Problems.For(Error.NotFound("JOURNEY_NOT_FOUND", "No events belong to this journey."));

    private static async Task<Results<Ok<IReadOnlyList<JourneySummary>>, ProblemHttpResult>> ListJourneys(string? userEcosystemId, int? limit, EventQueries events, CancellationToken ct) =>
        string.IsNullOrEmpty(userEcosystemId)
            ? Problems.For(Error.Validation(new Dictionary<string, string[]> { ["userEcosystemId"] = ["userEcosystemId is required."] }))
            : TypedResults.Ok(await events.ListJourneysAsync(userEcosystemId, Math.Clamp(limit ?? 50, 1, 200), ct).ConfigureAwait(false));
}
