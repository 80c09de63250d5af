using System.Globalization;
using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Ecosystem.Retention.Agent;
using Ecosystem.Retention.Data;
using Ecosystem.Retention.Domain;
using Ecosystem.Retention.Payments;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Retention;

public static class RetentionModule
{
    public const string Product = "retention";

    public static IServiceCollection AddRetentionModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<RetentionDbContext>("retention");
        services.AddModulePages(typeof(RetentionModule).Assembly, pages =>
        {
            pages.AuthorizeFolder("/Admin/Retention", Policies.RetentionManage);
            // The customer's chat page: no login by design; the token in the link is checked on every API call.
            pages.AllowAnonymousToPage("/Chat");
        });
        services.AddSingleton(RetentionOptions.From(configuration));
        services.AddScoped<RetentionService>();
        services.AddScoped<ChatService>();
        services.AddScoped<RetentionAgent>();
        services.AddSingleton<BuiltInRetentionChatClient>();
        // Embedded defaults; an adapter registered before (or replacing) these wins.
        services.TryAddSingleton<IChatClient>(sp => sp.GetRequiredService<BuiltInRetentionChatClient>());
        services.TryAddSingleton<IPaymentGateway, SimulatedPaymentGateway>();
        // Real adapters (Stripe, OpenAI-compatible model) replace the defaults when configured (docs/retention-integrations.md).
        Ecosystem.Retention.Adapters.RetentionAdapters.AddRetentionAdapters(services, configuration);
        services.AddHostedService<RetentionWorker>();
        services.AddSingleton<IDemoSeeder, RetentionDemoSeeder>();
        services.AddScoped<IDashboardContributor, RetentionDashboard>();
        services.AddCustomer360Fold(Contracts.RetentionCustomer360.Fold);

        var retention = ("retention", PropertyType.Object);
        var session = ("sessionId", PropertyType.String);
        services.AddEventDefinitions(
            new("com.ecosystem.retention.risk.detected", "The risk scan marked (or re-graded) the customer at risk: expiring-card or failed-payment, with a severity.",
                EventCatalogRegistration.Props(("customerId", PropertyType.String), ("riskCategory", PropertyType.String), ("riskSeverity", PropertyType.String), retention), Product, 1),
            new("com.ecosystem.retention.payment.failed", "A charge on the customer's card failed (recorded by an admin or from a Stripe webhook); the customer was re-graded.",
                EventCatalogRegistration.Props(("customerId", PropertyType.String), ("paymentFailureId", PropertyType.String), ("amount", PropertyType.Integer), ("currency", PropertyType.String), ("source", PropertyType.String), ("failureCount", PropertyType.Integer), retention), Product, 1),
            new("com.ecosystem.retention.intervention.started", "An admin started a time-boxed retention chat; the link was sent to the customer.",
                EventCatalogRegistration.Props(session, ("customerId", PropertyType.String), ("riskCategory", PropertyType.String), retention), Product, 2),
            new("com.ecosystem.retention.chat.message.sent", "A message in a retention chat, by the AI agent or the customer.",
                EventCatalogRegistration.Props(session, ("sender", PropertyType.String), ("messageType", PropertyType.String)), Product, 1),
            new("com.ecosystem.retention.payment-method.updated", "The customer saved a new card in the chat (brand, last four and expiry only).",
                EventCatalogRegistration.Props(session, ("paymentMethodId", PropertyType.String), ("brand", PropertyType.String), ("last4", PropertyType.String), retention), Product, 5),
            new("com.ecosystem.retention.intervention.completed", "The chat ended in time: payment-updated, customer-declined or technical-failure.",
                EventCatalogRegistration.Props(session, ("outcome", PropertyType.String), ("resolutionTime", PropertyType.Integer), retention), Product, 3),
            new("com.ecosystem.retention.intervention.abandoned", "The chat reached its deadline without an outcome and was closed as abandoned.",
                EventCatalogRegistration.Props(session, ("outcome", PropertyType.String), retention), Product, 1));
        return services;
    }

    public static IEndpointRouteBuilder MapRetentionModule(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        api.MapRetentionApi();
        api.MapStripeWebhook();
        return endpoints;
    }
}

/// <summary>The background jobs: the risk scan every <c>Retention:RiskScanIntervalMinutes</c> and the sweeper that closes overdue sessions.</summary>
internal sealed partial class RetentionWorker(IServiceScopeFactory scopes, RetentionOptions options, TimeProvider time, ILogger<RetentionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextScan = options.RiskScanInterval > TimeSpan.Zero ? time.GetUtcNow() + options.RiskScanInterval : DateTimeOffset.MaxValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.SweepInterval, time, stoppingToken).ConfigureAwait(false);
                await using var scope = scopes.CreateAsyncScope();
                if (!await ReadyAsync(scope.ServiceProvider, stoppingToken).ConfigureAwait(false)) continue;
                var op = scope.ServiceProvider.GetRequiredService<OperationContext>();
                op.ActorId = "system:retention";
                op.ActorRole = "system";
                op.Channel = "system";
                var retention = scope.ServiceProvider.GetRequiredService<RetentionService>();
                await retention.SweepAsync(stoppingToken).ConfigureAwait(false);
                if (time.GetUtcNow() >= nextScan)
                {
                    nextScan = time.GetUtcNow() + options.RiskScanInterval;
                    var result = await retention.ScanAsync(stoppingToken).ConfigureAwait(false);
                    LogScan(logger, result.Scanned, result.NewlyAtRisk);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
            }
        }
    }

    /// <summary>The schema may not exist yet (start-up still migrating, or a fresh test database): skip quietly.</summary>
    private static async Task<bool> ReadyAsync(IServiceProvider services, CancellationToken ct)
    {
        try
        {
            var migrator = services.GetRequiredService<Ecosystem.Platform.Data.Migrator>();
            return (await migrator.PendingAsync(ct).ConfigureAwait(false)).Count == 0;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention risk scan: {Scanned} customers checked, {Newly} newly at risk.")]
    private static partial void LogScan(ILogger logger, int scanned, int newly);

    [LoggerMessage(Level = LogLevel.Error, Message = "A retention background run failed; it runs again at the next interval.")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}

internal sealed class RetentionDashboard(RetentionDbContext db) : IDashboardContributor
{
    public async Task<IReadOnlyList<DashboardTile>> GetTilesAsync(CancellationToken cancellationToken)
    {
        var atRisk = await db.Customers.CountAsync(c => c.AccountStatus == AccountStatus.AtRisk, cancellationToken).ConfigureAwait(false);
        var high = await db.Customers.CountAsync(c => c.AccountStatus == AccountStatus.AtRisk && c.RiskSeverity == RiskSeverity.High, cancellationToken).ConfigureAwait(false);
        return [new("retention", "Customers at risk", atRisk.ToString("N0", CultureInfo.InvariantCulture), $"{high} high severity", "/admin/retention", 30)];
    }
}

/// <summary>
/// Demo mode: realistic subscription customers covering both risk categories and all severities, then a risk scan.
/// The demo user <c>user</c> is one of them (so Customer 360 shows retention for a real login); the others get stable
/// userEcosystemIds derived from their email. Idempotent: customers that exist are skipped.
/// </summary>
internal sealed class RetentionDemoSeeder : IDemoSeeder
{
    /// <summary>After the demo users (10); beside the Cards seeder (20), which it does not depend on.</summary>
    public int Order => 20;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var retention = services.GetRequiredService<RetentionService>();
        var time = services.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow();
        var db = services.GetRequiredService<RetentionDbContext>();
        if (await db.Customers.AnyAsync(cancellationToken).ConfigureAwait(false)) return;

        // Cards are valid through the end of their expiry month: this month's cards expire within the window; last month's already did.
        (int, int) Month(int offset) { var d = now.AddMonths(offset); return (d.Month, d.Year); }

                var demo = new (string Name, string Email, string? Phone, string Plan, long Value, string Card, string Last4, (int M, int Y) Exp, int Failures, int SinceMonths, string? Username)[]
        {
            ("Demo User", "user@example.com", null, "Pro", 4_900, "visa", "4242", Month(8), 1, 14, "user"),
            ("Maria Schneider", "maria.schneider@example.com", "+49 151 2345 6789", "Business", 24_900, "mastercard", "5454", Month(-1), 0, 38, null),
            ("James Carter", "james.carter@example.com", null, "Team", 12_900, "visa", "1881", Month(0), 0, 22, null),
            ("Aisha Khan", "aisha.khan@example.com", null, "Starter", 1_900, "amex", "0005", Month(-1), 0, 7, null),
            ("Lukas Weber", "lukas.weber@example.com", "+49 170 555 0123", "Enterprise", 49_900, "visa", "0077", Month(18), 3, 51, null),
            ("Sofia Rossi", "sofia.rossi@example.com", null, "Pro Plus", 5_900, "discover", "1117", Month(9), 2, 16, null),
            ("Noah Williams", "noah.williams@example.com", null, "Starter", 1_900, "mastercard", "4444", Month(0), 0, 4, null),
            ("Emma Dubois", "emma.dubois@example.com", null, "Business", 24_900, "visa", "9424", Month(26), 0, 29, null),
            ("Kenji Tanaka", "kenji.tanaka@example.com", null, "Team", 12_900, "mastercard", "8210", Month(11), 0, 12, null),
        };
        foreach (var c in demo)
        {
            var result = await retention.CreateCustomerAsync(new CreateCustomerRequest(
                c.Name, c.Email, c.Phone, c.Plan, c.Value, "USD", now.AddMonths(-c.SinceMonths), now.AddDays(-(c.Failures > 0 ? 30 + (7 * c.Failures) : 12)), c.Username,
                new PaymentMethodInput(c.Card, c.Last4, c.Exp.M, c.Exp.Y, c.Failures, c.Failures > 0 ? now.AddDays(-2) : null)), cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess && result.Error!.Code is not ("CUSTOMER_EXISTS" or "USER_NOT_FOUND"))
            {
                throw new InvalidOperationException("Retention demo seeding failed: " + result.Error.Message);
            }
        }

        db.ChangeTracker.Clear();
        await retention.ScanAsync(cancellationToken).ConfigureAwait(false);
    }
}
