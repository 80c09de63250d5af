using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Outbox;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Analytics;

public static class AnalyticsModule
{
    public static IServiceCollection AddAnalyticsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<AnalyticsDbContext>("analytics");
        services.AddModulePages(typeof(AnalyticsModule).Assembly, pages => pages.AuthorizePage("/Admin/Events", Policies.AuditRead));
        services.AddScoped<EventStore>();
        services.AddScoped<IOutboxConsumer>(sp => sp.GetRequiredService<EventStore>());
        services.AddScoped<IDashboardContributor, AnalyticsDashboard>();
        return services;
    }

    public static IEndpointRouteBuilder MapAnalyticsModule(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        api.MapPost("/events", async Task<Results<Accepted<EventAccepted>, ProblemHttpResult>> (ClientEventRequest request, EventStore store, CancellationToken ct) =>
        {
            var result = await store.AcceptClientEventAsync(request, ct).ConfigureAwait(false);
            return result.IsSuccess ? TypedResults.Accepted((string?)null, result.Value) : Problems.For(result.Error!);
        }).RequireAuthorization(Policies.SignedIn).WithTags("Analytics").WithName("TrackEvent");

        api.MapGet("/admin/events", async Task<Ok<IReadOnlyList<StoredEvent>>> (string? userEcosystemId, string? eventName, int? limit, EventStore store, CancellationToken ct) =>
            TypedResults.Ok(await store.RecentAsync(userEcosystemId, eventName, Math.Clamp(limit ?? 50, 1, 200), ct).ConfigureAwait(false)))
            .RequireAuthorization(Policies.AuditRead).WithTags("Analytics").WithName("ListRecentEvents");
        return endpoints;
    }
}
