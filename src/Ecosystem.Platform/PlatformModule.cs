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
        services.AddScoped<Transactions>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<DatabaseChecks>();
        services.AddScoped<AuditQueries>();
        services.AddModuleDbContext<PlatformDbContext>("platform");
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());

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
        services.AddAuthorization(Policies.Configure);
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
        app.UseStatusCodePages(async ctx =>
        {
            var http = ctx.HttpContext;
            if (ApiPaths.IsApi(http.Request.Path) || http.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
            {
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = http.Response.StatusCode, Title = Problems.TitleFor(http.Response.StatusCode) },
                }).ConfigureAwait(false);
            }
            else
            {
                http.Response.Redirect("/error/" + http.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        });
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<JourneyMiddleware>();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<ActorMiddleware>();
        app.UseAuthorization();
        return app;
    }

    public static IEndpointRouteBuilder MapPlatform(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        api.MapAuditApi();
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        return endpoints;
    }

    private static readonly SemaphoreSlim InitializeLock = new(1, 1);

    /// <summary>Start-up: check database settings, migrate when configured, seed demo data in demo mode. Idempotent.</summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken ct)
    {
        await InitializeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await InitializeCoreAsync(services, ct).ConfigureAwait(false);
        }
        finally
        {
            InitializeLock.Release();
        }
    }

    private static async Task InitializeCoreAsync(IServiceProvider services, CancellationToken ct)
    {
        var options = services.GetRequiredService<EcosystemOptions>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Ecosystem.Startup");
        var migrator = services.GetRequiredService<Migrator>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (options.MigrateOnStartup)
        {
            await migrator.MigrateAsync(ct).ConfigureAwait(false);
        }
        else if ((await migrator.PendingAsync(ct).ConfigureAwait(false)).Count > 0)
        {
            LogPending(logger);
        }

        var migrated = clock.Elapsed;
        await services.GetRequiredService<DatabaseChecks>().RunAsync(ct).ConfigureAwait(false);
        var checkedAt = clock.Elapsed;
        if (options.Demo)
        {
            using var scope = services.CreateScope();
            var op = scope.ServiceProvider.GetRequiredService<OperationContext>();
            op.ActorId = "system";
            op.ActorRole = "system";
            op.Channel = "system";
            foreach (var seeder in scope.ServiceProvider.GetServices<IDemoSeeder>().OrderBy(s => s.Order))
            {
                await seeder.SeedAsync(scope.ServiceProvider, ct).ConfigureAwait(false);
            }
        }

        LogInitialized(logger, (long)migrated.TotalMilliseconds, (long)(checkedAt - migrated).TotalMilliseconds, (long)(clock.Elapsed - checkedAt).TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready: migrations {MigrateMs} ms, start-up checks {ChecksMs} ms, demo data {DemoMs} ms")]
    private static partial void LogInitialized(ILogger logger, long migrateMs, long checksMs, long demoMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database has pending migrations; run 'ecosystem migrate'. /health/ready reports unhealthy until then.")]
    private static partial void LogPending(ILogger logger);
}

internal sealed class DatabaseReadyCheck(Migrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
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
