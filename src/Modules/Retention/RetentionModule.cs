using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Security;
using Ecosystem.Retention.Agent;
using Ecosystem.Retention.AtRisk;
using Ecosystem.Retention.Chat;
using Ecosystem.Retention.Contracts;
using Ecosystem.Retention.Customers;
using Ecosystem.Retention.Data;
using Ecosystem.Retention.Hosting;
using Ecosystem.Retention.Interventions;
using Ecosystem.Retention.Metrics;
using Ecosystem.Retention.Notifications;
using Ecosystem.Retention.PaymentFailures;
using Ecosystem.Platform.Payments;
using Ecosystem.Retention.Sessions;
using Ecosystem.Retention.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ecosystem.Retention;

/// <summary>
/// The retention team's module: customers at risk of churning, time-boxed chat interventions, failed charges, metrics
/// and the notification outbox. Every state change in its services is a compare-and-set (row lock + version, or a
/// conditional update) with one audit row and, where the domain says so, one event — in one transaction.
/// </summary>
public static class RetentionModule
{
    public const string Product = RetentionEvents.Product;

    public static IServiceCollection AddRetentionModule(this IServiceCollection services, IConfiguration configuration)
    {
        var section = new NavSection("Retention", 40);
        var options = RetentionOptions.From(configuration);
        services.AddModule("retention", typeof(RetentionModule))
            .Capability(RetentionPolicies.Manage, "At-risk customers, interventions, chat sessions and retention metrics.", Roles.Admin, Roles.SuperAdmin, Roles.Supervisor)
            .Endpoints((root, api) => root.MapRetentionModule(api))
            .Stylesheet("retention.css")
            .Setting(RetentionSettings.MaxPaymentAttempts, "Card attempts per chat",
                "How many cards a customer may try in one retention chat before it ends as a technical failure. Applies to the next attempt in every open chat. Its starting value is Retention:MaxPaymentAttempts.",
                RetentionPolicies.Manage, options.MaxPaymentAttempts, attempts => attempts is < 1 or > 10 ? ["Choose between 1 and 10 attempts."] : [])
            .WebhookHandler<StripeChargeFailedHandler>("stripe", StripeChargeFailedHandler.EventTypes)
            .AddRetentionNotifications()
            .Customer360(Contracts.RetentionCustomer360.Fold)
            .Customer360Section(Customer360Place.Panel, "/Pages/Shared/Retention/_Customer360Panel.cshtml", 10)
            .Navigation(
                new NavLink(section, "At-risk customers", "/admin/retention", "⚠", RetentionPolicies.Manage, 0, "retention-at-risk") { ActivePrefixes = ["/admin/retention/customers", "/admin/retention/sessions"] },
                new NavLink(section, "Retention metrics", "/admin/retention/metrics", "▧", RetentionPolicies.Manage, 10, "retention-metrics"),
                new NavLink(section, "Messages sent", "/admin/notifications?module=retention", "✉", Ecosystem.Platform.Security.Policies.NotificationsRead, 20, "retention-notifications"));
        services.AddModuleDbContext<RetentionDbContext>("retention");
        services.AddModulePages(typeof(RetentionModule).Assembly, pages =>
        {
            pages.AuthorizeFolder("/Admin/Retention", RetentionPolicies.Manage);
            // The customer's chat page: no login by design; the token in the link is checked on every API call.
            pages.AllowAnonymousToPage("/Chat");
        });
        services.AddSingleton(options);
        services.AddScoped<CustomerService>();
        services.AddScoped<IPersonDirectory, RetentionPersonDirectory>();
        services.AddScoped<RiskScanService>();
        services.AddScoped<PaymentFailureService>();
        services.AddScoped<IAtRiskReporter, AtRiskReporter>();
        services.AddScoped<InterventionService>();
        services.AddScoped<SessionViewService>();
        services.AddScoped<RetentionMetricsService>();
        services.AddScoped<ChatMessageFactory>();
        services.AddScoped<ChatService>();
        services.AddScoped<RetentionAgent>();
        services.AddSingleton<BuiltInRetentionChatClient>();
        // Embedded defaults; an adapter registered before (or replacing) these wins.
        services.TryAddSingleton<IChatClient>(sp => sp.GetRequiredService<BuiltInRetentionChatClient>());
        // Real adapters (Stripe, OpenAI-compatible model) replace the defaults when configured (docs/retention-integrations.md).
        Ecosystem.Retention.Adapters.RetentionAdapters.AddRetentionAdapters(services, configuration);
        services.AddHostedService<RetentionWorker>();
        services.AddSingleton<IDemoSeeder, RetentionDemoSeeder>();
        services.AddScoped<IDashboardContributor, RetentionDashboard>();

        var retention = ("retention", PropertyType.Object);
        var session = ("sessionId", PropertyType.String);
        services.AddEventDefinitions(
            new(RetentionEvents.RiskDetected, "The risk scan marked (or re-graded) the customer at risk: expiring-card or failed-payment, with a severity.",
                EventCatalogRegistration.Props(("customerId", PropertyType.String), ("riskCategory", PropertyType.String), ("riskSeverity", PropertyType.String), retention), RetentionEvents.Product, 1),
            new(RetentionEvents.PaymentFailed, "A charge on the customer's card failed (recorded by an admin or from a Stripe webhook); the customer was re-graded.",
                EventCatalogRegistration.Props(("customerId", PropertyType.String), ("paymentFailureId", PropertyType.String), ("amount", PropertyType.Integer), ("currency", PropertyType.String), ("source", PropertyType.String), ("failureCount", PropertyType.Integer), retention), RetentionEvents.Product, 1),
            new(RetentionEvents.InterventionStarted, "An admin started a time-boxed retention chat; the link was sent to the customer.",
                EventCatalogRegistration.Props(session, ("customerId", PropertyType.String), ("riskCategory", PropertyType.String), retention), RetentionEvents.Product, 2),
            new(RetentionEvents.ChatMessageSent, "A message in a retention chat, by the AI agent or the customer.",
                EventCatalogRegistration.Props(session, ("sender", PropertyType.String), ("messageType", PropertyType.String)), RetentionEvents.Product, 1),
            new(RetentionEvents.PaymentMethodUpdated, "The customer saved a new card in the chat (brand, last four and expiry only).",
                EventCatalogRegistration.Props(session, ("paymentMethodId", PropertyType.String), ("brand", PropertyType.String), ("last4", PropertyType.String), retention), RetentionEvents.Product, 5),
            new(RetentionEvents.InterventionCompleted, "The chat ended in time: payment-updated, customer-declined or technical-failure.",
                EventCatalogRegistration.Props(session, ("outcome", PropertyType.String), ("resolutionTime", PropertyType.Integer), retention), RetentionEvents.Product, 3),
            new(RetentionEvents.InterventionAbandoned, "The chat reached its deadline without an outcome and was closed as abandoned.",
                EventCatalogRegistration.Props(session, ("outcome", PropertyType.String), retention), RetentionEvents.Product, 1));
        return services;
    }

    public static IEndpointRouteBuilder MapRetentionModule(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/retention").WithTags("Retention").RequireAuthorization(RetentionPolicies.Manage);
        admin.MapCustomersApi();
        admin.MapInterventionsApi();
        admin.MapPaymentFailuresApi();
        admin.MapRiskScanApi();
        admin.MapSessionsApi();
        admin.MapMetricsApi();

        // The customer's chat: no login by design; the signed link's token authorizes every call (checked in ChatService).
        // Anonymous by design (the token is checked on every call), so limited per address like every public endpoint.
        var chat = api.MapGroup("/chat").WithTags("Retention chat").AllowAnonymous().RequireRateLimiting(RateLimits.Public);
        chat.MapChatApi();
        // The retention outbox page moved to the shared one; old links and bookmarks land there.
        endpoints.MapGet("/admin/retention/notifications", () => Results.Redirect("/admin/notifications?module=retention"))
            .RequireAuthorization(Ecosystem.Platform.Security.Policies.NotificationsRead).ExcludeFromDescription();
        return endpoints;
    }
}
