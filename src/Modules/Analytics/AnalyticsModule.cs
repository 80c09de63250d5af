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
            new(SegmentEvents.PageViewed, "A page was viewed (Segment page call).", EventCatalogRegistration.Props(), null, 1),
            new(SegmentEvents.ScreenViewed, "A screen of an app was viewed (Segment screen call): its name, category and properties.", EventCatalogRegistration.Props(), null, 1),
            new(SegmentEvents.Identified, "A source identified a person (Segment identify call); links the anonymous id.", EventCatalogRegistration.Props(), null, 0),
            new(SegmentEvents.Grouped, "A person belongs to a company or account (Segment group call): groupId and its traits, kept on their Customer 360.",
                EventCatalogRegistration.Props(("groupId", PropertyType.String)), null, 0),
            new(SegmentEvents.Aliased, "Two ids are one person (Segment alias call): previousId (an anonymous id or an older user id) is merged into userId.",
                EventCatalogRegistration.Props(("previousId", PropertyType.String)), null, 0));
        return services;
    }

    public static IEndpointRouteBuilder MapAnalyticsModule(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        endpoints.MapIngestionApi(api);
        EventEndpoints.Map(api);
        Customer360Endpoints.Map(api);
        var admin = api.MapGroup("/admin").WithTags("Analytics: admin");
        CatalogEndpoints.Map(admin);
        WriteKeyEndpoints.Map(admin);
        return endpoints;
    }
}
