using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ecosystem.Platform;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ecosystem.Tests.Infrastructure;

/// <summary>The whole product in-process on a fresh database of the given provider, initialised as at start-up.</summary>
public sealed class EcosystemApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? services;

    private EcosystemApp(string connectionString, Dictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        ConnectionString = connectionString;
        this.settings = settings;
        this.services = services;
    }

    public string ConnectionString { get; }

    /// <param name="seedDemoData">
    /// False: return as soon as the host has started. The host's own start-up has migrated and checked the database by
    /// then, and seeds demo data in the background (<c>StartupState</c> says when it is done), as in production.
    /// </param>
    public static async Task<EcosystemApp> StartAsync(Db db, bool demo = true, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool seedDemoData = true)
    {
        var cs = await TestDatabases.CreateAsync(db);
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ecosystem"] = cs,
            ["Ecosystem:Demo"] = demo ? "true" : "false",
            ["Ecosystem:MigrateOnStartup"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in settings ?? []) all[k] = v;
        var app = new EcosystemApp(cs, all, services);
        _ = app.Server; // build and start the host
        if (seedDemoData) await app.Services.InitializeDatabaseAsync(CancellationToken.None);
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (k, v) in settings) builder.UseSetting(k, v);
        builder.UseEnvironment("Testing");
        builder.ConfigureTestServices(s => services?.Invoke(s));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await TestDatabases.DropAsync(ConnectionString);
    }

    /// <summary>An API client logged in with a bearer token.</summary>
    public async Task<HttpClient> LoginAsync(string username, string password)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { username, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        return client;
    }

    public Task<HttpClient> UserAsync() => LoginAsync("user", "user");

    public Task<HttpClient> AdminAsync() => LoginAsync("admin", "admin");

    public static void UseClock(IServiceCollection services, TimeProvider clock)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton(clock);
    }
}

public static class HttpExtensions
{
    public static async Task<JsonElement> Json(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<string> Code(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
}
