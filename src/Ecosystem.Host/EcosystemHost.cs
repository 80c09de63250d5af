using Ecosystem.Host.Shell;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Ecosystem.Host;

/// <summary>What the host adds around the modules: the UI shell, OpenAPI, the CLI and the start-up banner.</summary>
internal static partial class EcosystemHost
{
    /// <summary>Arguments that are a CLI verb (<c>ecosystem users add …</c>) are not configuration for the web host.</summary>
    public static string[] WebArgs(string[] args) => IsCli(args) ? [] : args;

    private static bool IsCli(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public static IServiceCollection AddHostUi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ICliCommand, MigrateCommand>();
        // The shell's own pages in the sidebar; every module adds its own links.
        services.AddModule("host", typeof(EcosystemHost)).Navigation(
            new NavLink(NavSection.MyProducts, "Overview", "/app", "⌂", Policies.SignedIn, 0, "app-home"),
            new NavLink(NavSection.AdminConsole, "Dashboard", "/admin", "◧", Policies.AdminConsole, 0, "admin-dashboard"),
            new NavLink(NavSection.AdminConsole, "Audit log", "/admin/audit", "☰", Policies.AuditRead, 50, "admin-audit"),
            new NavLink(NavSection.AdminConsole, "Settings", "/admin/settings", "⚙", Policies.AdminConsole, 60, "admin-settings"),
            new NavLink(NavSection.AdminConsole, "Messages sent", "/admin/notifications", "✉", Policies.NotificationsRead, 65, "admin-notifications"),
            new NavLink(NavSection.AdminConsole, "Webhooks", "/admin/webhooks", "⇄", Policies.WebhooksManage, 70, "admin-webhooks"),
            new NavLink(NavSection.Developers, "API docs", "/docs", "{}", Policies.SignedIn, 0, "api-docs"));
        services.AddShellEvents();
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<OpenApi.ApiDocumentTransformer>();
            o.AddOperationTransformer<OpenApi.ApiOperationTransformer>();
        });
        services.AddRazorPages(o =>
        {
            // The shell's own pages; each module declares its pages' policies in AddModulePages.
            o.Conventions.AuthorizeFolder("/App", Policies.SignedIn);
            o.Conventions.AuthorizeFolder("/Admin", Policies.AdminConsole);
            o.Conventions.AuthorizePage("/Admin/Audit", Policies.AuditRead);
            o.Conventions.AuthorizePage("/Admin/Webhooks", Policies.WebhooksManage);
            o.Conventions.AuthorizePage("/Admin/Notifications", Policies.NotificationsRead);
            o.Conventions.AllowAnonymousToPage("/Index");
            o.Conventions.AllowAnonymousToPage("/Error");
        });
        // Antiforgery and TempData cookies must survive a restart: keep the key ring beside an embedded database.
        // (Several instances on PostgreSQL need a shared key ring; see docs/adr/0004.)
        var database = DatabaseOptions.FromConnectionString(configuration.GetConnectionString("Ecosystem"));
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var dataSource = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            if (Path.IsPathRooted(dataSource))
            {
                services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetDirectoryName(dataSource)!, "keys")));
            }
        }

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "eco_af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        var maxBody = Ecosystem.Platform.Http.RequestBodyLimitMiddleware.MaxBytes(configuration);
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o =>
        {
            o.AddServerHeader = false;
            o.Limits.MaxRequestBodySize = maxBody;
            // Kestrel's defaults, stated: oversized headers are refused with 431, a long request line with 414.
            o.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            o.Limits.MaxRequestHeaderCount = 100;
            o.Limits.MaxRequestLineSize = 8 * 1024;
        });
        return services;
    }

    public static WebApplication UseHostUi(this WebApplication app)
    {
        // The default policy (Ecosystem.Platform.Http.ContentSecurityPolicy), widened only on the pages of a configured
        // integration that registered a CspAllowance (e.g. Stripe.js on the chat page).
        var allowances = app.Services.GetServices<Ecosystem.Platform.Http.CspAllowance>().ToArray();
        // Set when the response starts, so error responses (whose headers the exception handler clears) carry them too.
        app.Use(async (http, next) =>
        {
            var csp = Ecosystem.Platform.Http.ContentSecurityPolicy.For(http.Request.Path, allowances);
            http.Response.OnStarting(static state =>
            {
                var (response, contentSecurityPolicy) = ((HttpResponse, string))state;
                var headers = response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers.ContentSecurityPolicy = contentSecurityPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                if (response.HttpContext.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000";
                return Task.CompletedTask;
            }, (http.Response, csp));
            await next(http).ConfigureAwait(false);
        });
        app.UseStaticFiles();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Ecosystem API v1");
            o.DocumentTitle = "Ecosystem API";
            // The bearer token pasted under Authorize survives a reload; a signed-in browser's cookie works without it.
            o.EnablePersistAuthorization();
            // Colours that meet WCAG AA and a label for the server picker (css/docs.css, js/docs.js).
            o.InjectStylesheet("/css/docs.css");
            o.InjectJavascript("/js/docs.js");
        });
        return app;
    }

    public static IEndpointRouteBuilder MapHostUi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi().AllowAnonymous();
        endpoints.MapRazorPages();
        return endpoints;
    }

    /// <summary>Runs a CLI verb, or prepares the database and serves HTTP, printing where.</summary>
    public static async Task<int> RunEcosystemAsync(this WebApplication app, string[] args)
    {
        using var cts = new CancellationTokenSource();
        if (IsCli(args))
        {
            return await RunCliAsync(app, args, cts.Token).ConfigureAwait(false);
        }

        // Migrations and checks first: nothing may serve or run in the background on an old schema. Demo seeding then
        // runs on another thread while the listener and hosted services start (ADR 0012): /health/ready answers 503
        // until it is done, and a seeding failure still stops the process.
        var warmUp = app.Services.WarmUpDataModelsAsync();
        await app.Services.PrepareDatabaseAsync(cts.Token).ConfigureAwait(false);
        var seeding = Task.Run(() => app.Services.SeedDemoDataAsync(cts.Token), cts.Token);
        try
        {
            await app.StartAsync(cts.Token).ConfigureAwait(false);
        }
        catch
        {
            await cts.CancelAsync().ConfigureAwait(false);
            await seeding.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        var stopping = app.Lifetime.ApplicationStopping;
        using (stopping.Register(cts.Cancel))
        {
            try
            {
                await seeding.ConfigureAwait(false);
                await warmUp.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Stopped (Ctrl+C) while seeding: shut down as usual below.
            }
            catch
            {
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }

        if (!stopping.IsCancellationRequested)
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var options = app.Services.GetRequiredService<EcosystemOptions>();
            var database = app.Services.GetRequiredService<DatabaseOptions>();
            var url = addresses.FirstOrDefault() ?? "(no address)";
            Console.WriteLine();
            Console.WriteLine($"  Ecosystem is running at {url}");
            Console.WriteLine($"  Database: {database.Describe()}");
            if (options.Demo) Console.WriteLine("  Demo mode: log in as user / user (customer) or admin / admin (admin console).");
            Console.WriteLine($"  API docs: {url}/docs    Health: {url}/health/ready");
            Console.WriteLine("  Press Ctrl+C to stop.");
            Console.WriteLine();
        }

        await app.WaitForShutdownAsync(cts.Token).ConfigureAwait(false);
        return 0;
    }

    private static Task<int> RunCliAsync(WebApplication app, string[] args, CancellationToken ct) =>
        Cli.RunAsync(app.Services, args, Console.Out, ct);
}

/// <summary>Dispatches <c>ecosystem VERB …</c> to the registered <see cref="ICliCommand"/>s.</summary>
internal static class Cli
{
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken ct = default)
    {
        var commands = services.GetServices<ICliCommand>().ToList();
        var command = commands.FirstOrDefault(c => c.Verb.Count <= args.Count && c.Verb.Select((w, i) => args[i] == w).All(x => x));
        if (command is null)
        {
            await output.WriteLineAsync("usage: ecosystem [--urls URL]              run the web application").ConfigureAwait(false);
            foreach (var c in commands) await output.WriteLineAsync("       ecosystem " + c.Usage).ConfigureAwait(false);
            return 2;
        }

        if (command is not MigrateCommand)
        {
            await services.GetRequiredService<Migrator>().MigrateAsync(ct).ConfigureAwait(false);
        }

        using var scope = services.CreateScope();
        return await command.RunAsync(args.Skip(command.Verb.Count).ToList(), scope.ServiceProvider, output, ct).ConfigureAwait(false);
    }
}

/// <summary><c>ecosystem migrate</c>: applies pending migrations and exits (how production deploys upgrade the schema).</summary>
internal sealed class MigrateCommand : ICliCommand
{
    public IReadOnlyList<string> Verb => ["migrate"];

    public string Usage => "migrate                        apply pending database migrations";

    public async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var applied = await services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<DatabaseChecks>().RunAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"Applied {applied} migration(s); the database is up to date.").ConfigureAwait(false);
        return 0;
    }
}
