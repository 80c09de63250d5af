using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Retention.Interventions;

internal static class InterventionEndpoints
{
    public static RouteGroupBuilder MapInterventionsApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/customers/{customerId}/interventions", StartRetentionIntervention).WithName("StartRetentionIntervention");
        return admin;
    }

    private static async Task<Results<Created<InterventionResponse>, ProblemHttpResult>> StartRetentionIntervention(string customerId, HttpRequest http, OperationContext op, RetentionOptions options, InterventionService interventions, CancellationToken ct)
    {
        var result = await interventions.StartInterventionAsync(customerId, op.ActorId, options.PublicBaseUrl ?? $"{http.Scheme}://{http.Host}", ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/retention/sessions/{result.Value!.SessionId}", result.Value) : Problems.For(result.Error!);
    }
}
