using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Outbox;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Platform;

public sealed record EcosystemOptions(bool Demo, bool MigrateOnStartup);

public static partial class PlatformModule
{
    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration configuration)
    {
        var database = DatabaseOptions.FromConnectionString(configuration.GetConnectionString("Ecosystem"));
        services.AddSingleton(database);
        services.AddSingleton(new EcosystemOptions(
            Demo: configuration.GetValue<bool?>("Ecosystem:Demo") ?? database.IsEmbeddedDefault,
            MigrateOnStartup: configuration.GetValue<bool?>("Ecosystem:MigrateOnStartup") ?? database.Provider == DatabaseProvider.Sqlite));
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<OperationContext>();
        services.AddSingleton<WriteGate>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton(sp => new Transactions(sp.GetRequiredService<WriteGate>(), sp.GetRequiredService<OutboxSignal>()));
        services.AddSingleton<Migrator>();
        services.AddSingleton<DatabaseChecks>();
        services.AddSingleton<StartupState>();
        services.AddScoped<AuditQueries>();
        services.AddModuleDbContext<PlatformDbContext>("platform");
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        services.AddHostedService<SqliteCheckpointer>();

        services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var status = ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode;
            ctx.ProblemDetails.Extensions.TryAdd("code", Problems.CodeForStatus(status));
            ctx.ProblemDetails.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.Id ?? ctx.HttpContext.TraceIdentifier);
        });
        services.AddExceptionHandler<ExceptionToProblemHandler>();
        services.AddEcosystemRateLimits(configuration);
        // Bodies sent with Content-Encoding gzip, br or deflate (SDKs compress their batches) are read decompressed;
        // the decompressed body is held to the same size limit as any other.
        services.AddRequestDecompression();
        services.AddAuthorization(Policies.Configure);
        Policies.AddPlatformCapabilities(services);
        services.AddSingleton<Capabilities>();
        services.AddSingleton<Settings.SettingCatalog>();
        services.AddScoped<Settings.SettingsService>();
        services.AddSingleton(sp => Files.FileOptions.From(configuration, sp.GetRequiredService<DatabaseOptions>()));
        services.AddSingleton<Files.FileCatalog>();
        services.AddScoped<Files.FileService>();
        Webhooks.WebhookRegistration.AddWebhookInbox(services, configuration);
        Notifications.NotificationRegistration.AddNotifications(services, configuration);
        Payments.PaymentRegistration.AddPayments(services, configuration);
        services.AddEventDefinitions(new EventDefinition(Settings.SettingsService.ChangedEvent, "An operator changed a setting (its key, module and new version; the audit log has the diff).",
            EventCatalogRegistration.Props(("key", PropertyType.String), ("module", PropertyType.String), ("version", PropertyType.Integer)), null, 0));
        services.AddSingleton<Navigation>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, UndeclaredEndpointRequirement>();
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>Registers a module's DbContext on the shared database, and its migrations.</summary>
    public static IServiceCollection AddModuleDbContext<TContext>(this IServiceCollection services, string module)
        where TContext : ModuleDbContext
    {
        // Pooled: a request rents a ready context instead of building options and EF's internal services each time
        // (issue 4's profile: 13 % of the CPU of a card authorization went there).
        services.AddDbContextPool<TContext>((sp, o) => o.UseEcosystemDatabase(sp.GetRequiredService<DatabaseOptions>(), module));
        services.AddSingleton(new ModuleSchema(module, typeof(TContext).Assembly, typeof(TContext)));
        return services;
    }

    /// <summary>The request pipeline every module relies on, in order.</summary>
    public static WebApplication UsePlatform(this WebApplication app)
    {
        app.UseExceptionHandler();
        // An empty error response becomes a problem (code and trace id) for machines, and the friendly error page for
        // people: re-executed, so the browser gets the page with the honest status (an unknown URL is a 404, not a
        // redirect to a page served with 200). The problem writer is the inner one: a machine path's response has a
        // body by the time the outer re-execution looks at it, so only people's pages are re-executed.
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseWhen(http => IsMachinePath(http.Request.Path), machine => machine.UseStatusCodePages(async ctx =>
        {
            var http = ctx.HttpContext;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = http.Response.StatusCode, Title = Problems.TitleFor(http.Response.StatusCode) },
            }).ConfigureAwait(false);
        }));
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseRequestDecompression();
        app.UseMiddleware<JourneyMiddleware>();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<ActorMiddleware>();
        app.UseAuthorization();
        return app;
    }

    private static bool IsMachinePath(PathString path) =>
        ApiPaths.IsApi(path) || path.StartsWithSegments("/health", StringComparison.Ordinal);

    public static IEndpointRouteBuilder MapPlatform(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        api.MapAuditApi();
        Settings.SettingsEndpoints.MapSettingsApi(api);
        Files.FileEndpoints.MapFiles(endpoints, api);
        Webhooks.WebhookEndpoints.MapWebhooks(api);
        Notifications.NotificationEndpoints.MapNotifications(api);
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        var ready = endpoints.CreateApplicationBuilder()
            .Use(NotReadyWhileSeeding)
            .UseMiddleware<HealthCheckMiddleware>(Microsoft.Extensions.Options.Options.Create(new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }))
            .Build();
        endpoints.Map("/health/ready", ready).WithDisplayName("Health checks").AllowAnonymous();
        return endpoints;
    }

    /// <summary>
    /// While the demo data is seeded, /health/ready answers 503 <c>Unhealthy</c> without running the checks. That is an
    /// expected moment of every demo start (the listener starts beside the seeding, ADR 0012), and the health-check
    /// service logs every Unhealthy result at error level: one error per poll of a load balancer or start script. A real
    /// failure (database unreachable, migrations pending) still goes through the checks and is logged as before.
    /// </summary>
    private static RequestDelegate NotReadyWhileSeeding(RequestDelegate next) => http =>
    {
        if (http.RequestServices.GetRequiredService<StartupState>().DemoDataSeeded) return next(http);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.ContentType = "text/plain";
        http.Response.Headers.CacheControl = "no-store, no-cache";
        return http.Response.WriteAsync(nameof(HealthStatus.Unhealthy), http.RequestAborted);
    };

    /// <summary>Start-up: check database settings, migrate when configured, seed demo data in demo mode. Idempotent.</summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken ct)
    {
        await services.PrepareDatabaseAsync(ct).ConfigureAwait(false);
        await services.SeedDemoDataAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Builds every module's EF Core model on a thread-pool thread. The models are built once per process on first
    /// use, which otherwise lands on the start-up path (hosted services, demo seeding, first requests) one context at
    /// a time; started first thing, this runs on the second core while migrations and the listener start (ADR 0012).
    /// </summary>
    public static Task WarmUpDataModelsAsync(this IServiceProvider services) => Task.Run(() =>
    {
        using var scope = services.CreateScope();
        foreach (var schema in services.GetServices<ModuleSchema>().DistinctBy(m => m.DbContextType))
        {
            _ = ((Microsoft.EntityFrameworkCore.DbContext)scope.ServiceProvider.GetRequiredService(schema.DbContextType)).Model;
        }
    });

    /// <summary>
    /// The part of start-up that must finish before anything is served: migrations (when configured) and the database
    /// settings checks. Hosted services and the listener start after it.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken ct)
    {
        var state = services.GetRequiredService<StartupState>();
        await state.Lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var options = services.GetRequiredService<EcosystemOptions>();
            var migrator = services.GetRequiredService<Migrator>();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (options.MigrateOnStartup)
            {
                await migrator.MigrateAsync(ct).ConfigureAwait(false);
            }
            else if ((await migrator.PendingAsync(ct).ConfigureAwait(false)).Count > 0)
            {
                LogPending(services.GetRequiredService<ILoggerFactory>().CreateLogger("Ecosystem.Startup"));
            }

            state.MigrateTime = clock.Elapsed;
            await services.GetRequiredService<DatabaseChecks>().RunAsync(ct).ConfigureAwait(false);
            state.ChecksTime = clock.Elapsed - state.MigrateTime;
        }
        finally
        {
            state.Lock.Release();
        }
    }

    /// <summary>
    /// Demo mode: runs the demo seeders in order (each is idempotent), then marks the demo data ready, which
    /// <c>/health/ready</c> waits for. The host runs this beside the listener's start (ADR 0012); the seeders use the
    /// same services, transactions and audit as any request.
    /// </summary>
    public static async Task SeedDemoDataAsync(this IServiceProvider services, CancellationToken ct)
    {
        var state = services.GetRequiredService<StartupState>();
        await state.Lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (services.GetRequiredService<EcosystemOptions>().Demo)
            {
                // Seeders of one Order run at once, each in its own scope (Cards and Retention both need only the demo
                // users): their first use of their module's queries is CPU work that two cores do side by side.
                foreach (var stage in services.GetServices<IDemoSeeder>().GroupBy(s => s.Order).OrderBy(g => g.Key))
                {
                    await Task.WhenAll(stage.Select(seeder => Task.Run(() => SeedAsync(services, seeder, ct), ct))).ConfigureAwait(false);
                }
            }

            state.MarkSeeded();
            LogInitialized(services.GetRequiredService<ILoggerFactory>().CreateLogger("Ecosystem.Startup"),
                (long)state.MigrateTime.TotalMilliseconds, (long)state.ChecksTime.TotalMilliseconds, (long)clock.Elapsed.TotalMilliseconds);
        }
        finally
        {
            state.Lock.Release();
        }
    }

    private static async Task SeedAsync(IServiceProvider services, IDemoSeeder seeder, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var op = scope.ServiceProvider.GetRequiredService<OperationContext>();
        op.ActorId = "system";
        op.ActorRole = "system";
        op.Channel = "system";
        await seeder.SeedAsync(scope.ServiceProvider, ct).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready: migrations {MigrateMs} ms, start-up checks {ChecksMs} ms, demo data {DemoMs} ms")]
    private static partial void LogInitialized(ILogger logger, long migrateMs, long checksMs, long demoMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database has pending migrations; run 'ecosystem migrate'. /health/ready reports unhealthy until then.")]
    private static partial void LogPending(ILogger logger);
}

/// <summary>What start-up has done so far: the phase timings it logs, and whether demo data (when on) is in place.</summary>
public sealed class StartupState(EcosystemOptions options)
{
    private readonly TaskCompletionSource seeded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One start-up step at a time per host (its entry point and a test may both initialise): seeders are idempotent, not concurrent-safe.</summary>
    internal SemaphoreSlim Lock { get; } = new(1, 1);

    internal TimeSpan MigrateTime { get; set; }

    internal TimeSpan ChecksTime { get; set; }

    /// <summary>True outside demo mode; in demo mode, once every demo seeder has finished.</summary>
    public bool DemoDataSeeded => !options.Demo || seeded.Task.IsCompletedSuccessfully;

    /// <summary>Completes when <see cref="DemoDataSeeded"/> becomes true (at once outside demo mode).</summary>
    public Task WhenDemoDataSeededAsync(CancellationToken ct) => options.Demo ? seeded.Task.WaitAsync(ct) : Task.CompletedTask;

    internal void MarkSeeded() => seeded.TrySetResult();
}

internal sealed class DatabaseReadyCheck(Migrator migrator, StartupState startup) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Demo mode promises user/user and admin/admin: not ready until they (and the rest of the demo data) exist.
        // /health/ready answers this state before running the checks (NotReadyWhileSeeding); this is for other callers.
        if (!startup.DemoDataSeeded) return HealthCheckResult.Unhealthy("Demo data is being seeded.");
        try
        {
            var pending = await migrator.PendingAsync(cancellationToken).ConfigureAwait(false);
            return pending.Count == 0
                ? HealthCheckResult.Healthy("Database reachable; migrations applied.")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending: " + string.Join(", ", pending.Select(p => p.Module + "/" + p.Name)));
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable: " + ex.GetType().Name);
        }
    }
}

public static class ModulePages
{
    /// <summary>
    /// Registers a module's compiled Razor Pages (modules are Razor class libraries that own their pages) and the
    /// module's page authorization conventions. A page no convention covers is denied by the fallback policy.
    /// </summary>
    public static IServiceCollection AddModulePages(this IServiceCollection services, System.Reflection.Assembly assembly, Action<Microsoft.AspNetCore.Mvc.ApplicationModels.PageConventionCollection> authorize)
    {
        services.AddMvcCore().AddApplicationPart(assembly);
        services.PostConfigure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o => authorize(o.Conventions));
        return services;
    }
}
