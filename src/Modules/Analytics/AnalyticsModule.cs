using Ecosystem.Analytics.Catalog;
using Ecosystem.Analytics.Customers;
using Ecosystem.Analytics.Data;
using Ecosystem.Analytics.Ingestion;
using Ecosystem.Analytics.Journeys;
using Ecosystem.Analytics.Reports;
using Ecosystem.Analytics.WriteKeys;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Outbox;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Authentication;
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
        var section = new NavSection("Analytics", 30);
        services.AddModule("analytics", typeof(AnalyticsModule))
            .Capability(AnalyticsPolicies.Read, "Read events, journeys, reports and everyone's Customer 360.", Roles.Admin, Roles.SuperAdmin, Roles.DataOps, Roles.ReadOnly, Roles.Support)
            .Capability(AnalyticsPolicies.Manage, "Manage write keys and rebuild Customer 360.", Roles.Admin, Roles.SuperAdmin, Roles.DataOps)
            .Endpoints((root, api) => root.MapAnalyticsModule(api))
            .Stylesheet("analytics.css")
            .Navigation(
                new NavLink(NavSection.AdminConsole, "Events", "/admin/events", "≋", Policies.AuditRead, 40, "admin-events"),
                new NavLink(section, "Overview", "/admin/analytics", "▥", AnalyticsPolicies.Read, 0, "analytics-overview") { ActivePrefixes = [] },
                new NavLink(section, "People (360)", "/admin/analytics/customers", "◎", AnalyticsPolicies.Read, 10, "analytics-people"),
                new NavLink(section, "Catalog", "/admin/analytics/catalog", "▦", AnalyticsPolicies.Read, 20, "analytics-catalog"),
                new NavLink(section, "Write keys", "/admin/analytics/write-keys", "⚷", AnalyticsPolicies.Manage, 30, "analytics-write-keys"));
        services.AddModuleDbContext<AnalyticsDbContext>("analytics");
        services.AddModulePages(typeof(AnalyticsModule).Assembly, pages =>
        {
            pages.AuthorizeFolder("/Admin/Analytics", AnalyticsPolicies.Read);
            pages.AuthorizePage("/Admin/Analytics/WriteKeys", AnalyticsPolicies.Manage);
        });
        services.AddSingleton<EventCatalog>();
        services.AddSingleton<Customer360Folds>();
        services.AddSingleton<Customer360Layout>();
        services.AddSingleton<Customer360Aggregator>();
        services.AddSingleton<WriteKeyCache>();
        services.AddSingleton<IngestionWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<IngestionWriter>());
        services.AddScoped<IngestionService>();
        services.AddScoped<EventInbox>();
        services.AddScoped<WriteKeyService>();
        services.AddScoped<EventQueries>();
        services.AddScoped<CatalogQueries>();
        services.AddScoped<Customer360Queries>();
        services.AddScoped<Customer360Rebuild>();
        services.AddScoped<AnalyticsReports>();
        services.AddScoped<IOutboxConsumer, OutboxToEventStore>();
        services.AddScoped<IDashboardContributor, AnalyticsDashboard>();
        services.AddSingleton<ICliCommand, Customer360RebuildCommand>();
        services.AddSingleton<ICliCommand, Export.ExportCommand>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, WriteKeyAuthenticationHandler>(EcosystemClaims.WriteKeyScheme, null);
        services.AddEventDefinitions(
            new("com.ecosystem.web.page.viewed", "A page was viewed (Segment page call).", EventCatalogRegistration.Props(), null, 1),
            new("com.ecosystem.analytics.identity.identified", "A source identified a person (Segment identify call); links the anonymous id.", EventCatalogRegistration.Props(), null, 0));
        return services;
    }

    public static IEndpointRouteBuilder MapAnalyticsModule(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        endpoints.MapIngestionApi(api);

        api.MapGet("/events", async Task<Results<Ok<Page<StoredEvent>>, ProblemHttpResult>> (
                string? userEcosystemId, string? eventName, string? journeyId, DateTimeOffset? from, DateTimeOffset? to, int? limit, string? cursor, EventQueries events, CancellationToken ct) =>
            (await events.ListAsync(userEcosystemId, eventName, journeyId, from, to, limit, cursor, ct).ConfigureAwait(false)).ToOk())
            .RequireAuthorization(AnalyticsPolicies.Read).WithTags("Analytics").WithName("ListEvents");

        var journeys = api.MapGroup("/journeys").WithTags("Analytics: journeys").RequireAuthorization(AnalyticsPolicies.Read);
        journeys.MapGet("/{journeyId}", async Task<Results<Ok<Journey>, ProblemHttpResult>> (string journeyId, EventQueries events, CancellationToken ct) =>
            await events.GetJourneyAsync(journeyId, ct).ConfigureAwait(false) is { } journey
                ? TypedResults.Ok(journey)
                : Problems.For(Error.NotFound("JOURNEY_NOT_FOUND", "No events belong to this journey."))).WithName("GetJourney");
        journeys.MapGet("/", async Task<Results<Ok<IReadOnlyList<JourneySummary>>, ProblemHttpResult>> (string? userEcosystemId, int? limit, EventQueries events, CancellationToken ct) =>
            string.IsNullOrEmpty(userEcosystemId)
                ? Problems.For(Error.Validation(new Dictionary<string, string[]> { ["userEcosystemId"] = ["userEcosystemId is required."] }))
                : TypedResults.Ok(await events.ListJourneysAsync(userEcosystemId, Math.Clamp(limit ?? 50, 1, 200), ct).ConfigureAwait(false))).WithName("ListJourneys");

        var customers = api.MapGroup("/customers").WithTags("Analytics: Customer 360");
        customers.MapGet("/{userEcosystemId}/360", async Task<Results<Ok<Customer360>, ProblemHttpResult>> (string userEcosystemId, HttpContext http, OperationContext op, Capabilities capabilities, Customer360Queries queries, CancellationToken ct) =>
        {
            var allowed = op.ActorId == userEcosystemId || capabilities.Allows(AnalyticsPolicies.Read, http.User.FindAll(EcosystemClaims.Role).Select(c => c.Value));
            var view = allowed ? await queries.GetAsync(userEcosystemId, ct).ConfigureAwait(false) : null;
            return view is null ? Problems.For(Error.NotFound("CUSTOMER_NOT_FOUND", "No Customer 360 for this person.")) : TypedResults.Ok(view);
        }).RequireAuthorization(Policies.CustomerRead).WithName("GetCustomer360");
        // Besides these, each product status filter a module declares is a query parameter (creditCardStatus, …).
        customers.MapGet("/", async Task<Results<Ok<Page<Customer360>>, ProblemHttpResult>> (
                string? product, int? minScore, string? sort, int? limit, string? cursor, HttpRequest request, Customer360Layout layout, Customer360Queries queries, CancellationToken ct) =>
            (await queries.ListAsync(product, layout.FilterValues(request.Query), minScore, sort, limit, cursor, ct).ConfigureAwait(false)).ToOk())
            .RequireAuthorization(AnalyticsPolicies.Read).WithName("ListCustomers360");

        var admin = api.MapGroup("/admin").WithTags("Analytics: admin");
        admin.MapGet("/event-catalog", async Task<Ok<IReadOnlyList<CatalogEntry>>> (CatalogQueries catalog, CancellationToken ct) =>
            TypedResults.Ok(await catalog.ListAsync(ct).ConfigureAwait(false))).RequireAuthorization(AnalyticsPolicies.Read).WithName("ListEventCatalog");
        admin.MapGet("/quarantine", async Task<Ok<IReadOnlyList<QuarantineEntry>>> (int? limit, CatalogQueries catalog, CancellationToken ct) =>
            TypedResults.Ok(await catalog.QuarantineAsync(Math.Clamp(limit ?? 100, 1, 500), ct).ConfigureAwait(false))).RequireAuthorization(AnalyticsPolicies.Read).WithName("ListQuarantine");
        admin.MapGet("/write-keys", async Task<Ok<IReadOnlyList<WriteKeyDto>>> (WriteKeyService keys, CancellationToken ct) =>
            TypedResults.Ok(await keys.ListAsync(ct).ConfigureAwait(false))).RequireAuthorization(AnalyticsPolicies.Manage).WithName("ListWriteKeys");
        admin.MapPost("/write-keys", async Task<Results<Created<WriteKeyCreated>, ProblemHttpResult>> (CreateWriteKeyRequest request, WriteKeyService keys, CancellationToken ct) =>
        {
            var result = await keys.CreateAsync(request, ct).ConfigureAwait(false);
            return result.IsSuccess ? TypedResults.Created($"/api/admin/write-keys/{result.Value!.Id}", result.Value) : Problems.For(result.Error!);
        }).RequireAuthorization(AnalyticsPolicies.Manage).WithName("CreateWriteKey");
        admin.MapDelete("/write-keys/{id}", async Task<Results<NoContent, ProblemHttpResult>> (string id, WriteKeyService keys, CancellationToken ct) =>
        {
            var result = await keys.RevokeAsync(id, ct).ConfigureAwait(false);
            return result.IsSuccess ? TypedResults.NoContent() : Problems.For(result.Error!);
        }).RequireAuthorization(AnalyticsPolicies.Manage).WithName("RevokeWriteKey");
        return endpoints;
    }
}
