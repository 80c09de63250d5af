using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecosystem.Platform;
using Ecosystem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Platform;

/// <summary>
/// Start-up order (ADR 0012): migrations and checks first, then the listener; demo seeding runs beside the listener's
/// start and /health/ready answers 503 until it is done, so "ready" still means the demo logins work. A seeder that
/// waits for the test holds the demo seeding back, as a slow one would.
/// </summary>
public abstract class StartupTests(Db db) : AppTest(db)
{
    private readonly HeldSeeder held = new();
    private readonly Ecosystem.Tests.Infrastructure.CapturingLoggerProvider logs = new();

    protected override Task<EcosystemApp> StartAsync() =>
        EcosystemApp.StartAsync(Db, seedDemoData: false, services: s =>
        {
            s.AddSingleton<IDemoSeeder>(held);
            s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
        });

    private async Task ReleaseSeedingAsync()
    {
        held.Release.TrySetResult();
        await App.Services.GetRequiredService<StartupState>().WhenDemoDataSeededAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Ready_answers_503_while_demo_data_is_seeded_then_200_and_the_demo_logins_work()
    {
        var client = App.CreateClient();
        await held.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var early = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        Assert.Equal("Unhealthy", await early.Content.ReadAsStringAsync());
        Assert.False(App.Services.GetRequiredService<StartupState>().DemoDataSeeded);
        var tooEarly = await client.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "admin" });
        Assert.Equal(HttpStatusCode.Unauthorized, tooEarly.StatusCode);

        await ReleaseSeedingAsync();

        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        var admin = await App.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/me")).StatusCode);
        var user = await App.UserAsync();
        var card = await user.GetFromJsonAsync<JsonElement>("/api/cards/me");
        Assert.Equal("preapproved", card.GetProperty("status").GetString());
    }

    /// <summary>
    /// A normal demo start, polled by a load balancer or a start script while the demo data is seeded: "not ready yet"
    /// is an expected moment of every start, so nothing is logged at error level (it used to be, once per poll).
    /// </summary>
    [Fact]
    public async Task A_normal_start_polled_while_seeding_logs_no_error()
    {
        var client = App.CreateClient();
        await held.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        await ReleaseSeedingAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var admin = await App.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/me")).StatusCode);

        var errors = logs.Lines.Where(l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Seeding_again_changes_nothing()
    {
        await ReleaseSeedingAsync();
        var admin = await App.AdminAsync();
        var before = await admin.GetFromJsonAsync<JsonElement>("/api/retention/customers?limit=200");
        await App.Services.SeedDemoDataAsync(CancellationToken.None);
        var after = await admin.GetFromJsonAsync<JsonElement>("/api/retention/customers?limit=200");
        Assert.Equal(9, before.GetProperty("items").GetArrayLength());
        Assert.Equal(before.GetProperty("items").ToString(), after.GetProperty("items").ToString());
        Assert.Equal(HttpStatusCode.OK, (await App.CreateClient().GetAsync("/health/ready")).StatusCode);
    }

    /// <summary>Runs first among the demo seeders and waits until the test releases it.</summary>
    private sealed class HeldSeeder : IDemoSeeder
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Order => 0;

        public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            // Bounded, so a failed test cannot leave the host's start-up waiting forever.
            await Release.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
    }
}

public sealed class StartupTests_Sqlite() : StartupTests(Db.Sqlite);

public sealed class StartupTests_Postgres() : StartupTests(Db.Postgres);

/// <summary>Outside demo mode nothing is seeded, and ready needs only the migrated database.</summary>
public sealed class StartupWithoutDemoTests() : AppTest(Db.Sqlite)
{
    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, demo: false, seedDemoData: false);

    [Fact]
    public async Task Ready_does_not_wait_for_demo_data_outside_demo_mode()
    {
        Assert.True(App.Services.GetRequiredService<StartupState>().DemoDataSeeded);
        Assert.Equal(HttpStatusCode.OK, (await App.CreateClient().GetAsync("/health/ready")).StatusCode);
    }
}
