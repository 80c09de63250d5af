using System.Net;
using Ecosystem.Platform;
using Ecosystem.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ecosystem.EndToEnd;

/// <summary>
/// The product hosted inside the test process on real Kestrel (loopback, a port the OS picks), so a browser can reach
/// it, with the product's <see cref="TimeProvider"/> replaced by a <see cref="TestClock"/> the test moves. Time control
/// comes from dependency injection only: the product has no test endpoint or switch for it.
/// </summary>
public sealed class InProcessProduct : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> settings;

    private InProcessProduct(IReadOnlyDictionary<string, string?> settings, TestClock clock)
    {
        this.settings = settings;
        Clock = clock;
    }

    public TestClock Clock { get; }

    public string BaseUrl { get; private set; } = "";

    public static async Task<InProcessProduct> StartAsync(string connectionString, TestClock clock, IDictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ecosystem"] = connectionString,
            ["Ecosystem:Demo"] = "true",
            ["Ecosystem:MigrateOnStartup"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in extra) settings[k.Replace("__", ":", StringComparison.Ordinal)] = v;
        var product = new InProcessProduct(settings, clock);
        product.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        product.StartServer();
        // As the real start-up does before serving (RunEcosystemAsync is not reached under the factory).
        await product.Services.InitializeDatabaseAsync(CancellationToken.None);
        var addresses = product.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        product.BaseUrl = addresses.First().TrimEnd('/');
        return product;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (k, v) in settings) builder.UseSetting(k, v);
        builder.ConfigureTestServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(Clock);
        });
    }
}

/// <summary>A <see cref="ProductServer"/> whose product runs in-process with a hand-moved clock (<see cref="Clock"/>).</summary>
public class ClockedProductServer : ProductServer
{
    private InProcessProduct? product;

    /// <summary>Starts at the real time now (whole seconds, as the databases keep microseconds at most), so demo data looks as usual.</summary>
    public TestClock Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public IServiceProvider Services => product!.Services;

    protected override async Task<(string BaseUrl, IAsyncDisposable Product)> StartProductAsync(string connectionString)
    {
        var environment = new Dictionary<string, string?>();
        Configure(environment);
        product = await InProcessProduct.StartAsync(connectionString, Clock, environment);
        return (product.BaseUrl, product);
    }
}
