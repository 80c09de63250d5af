using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Retention.Metrics;

internal static class MetricsEndpoints
{
    public static RouteGroupBuilder MapMetricsApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/metrics", GetRetentionMetrics).WithName("GetRetentionMetrics");
        return admin;
    }

    private static async Task<Results<Ok<MetricsResponse>, ProblemHttpResult>> GetRetentionMetrics(DateTimeOffset? from, DateTimeOffset? to, RetentionMetricsService metrics, CancellationToken ct) =>
        (await metrics.MetricsAsync(from, to, ct).ConfigureAwait(false)).ToOk();
}
