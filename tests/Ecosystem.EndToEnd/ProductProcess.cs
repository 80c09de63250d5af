using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ecosystem.EndToEnd;

/// <summary>
/// The real product (the built <c>ecosystem.dll</c>) as a separate process on a loopback port, on the given database,
/// with demo data. It can be killed with SIGKILL and started again on the same database.
/// </summary>
public sealed class ProductProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly System.Text.StringBuilder log = new();

    private ProductProcess(Process process, string baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public int Id => process.Id;

    public string Log
    {
        get { lock (log) return log.ToString(); }
    }

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ecosystem.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
        }
    }

    /// <summary>Starts the product on <paramref name="connectionString"/> and waits until <c>/health/ready</c> answers 200.</summary>
    public static async Task<ProductProcess> StartAsync(string connectionString, string? baseUrl = null, TimeSpan? timeout = null, Action<IDictionary<string, string?>>? configure = null)
    {
        baseUrl ??= $"http://127.0.0.1:{FreePort()}";
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
        var hostDll = Path.Combine(RepoRoot, "src", "Ecosystem.Host", "bin", configuration, "net10.0", "ecosystem.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { hostDll, "--urls", baseUrl, "--contentRoot", Path.Combine(RepoRoot, "src", "Ecosystem.Host") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__Ecosystem"] = connectionString;
        start.Environment["Ecosystem__Demo"] = "true";
        start.Environment["Ecosystem__MigrateOnStartup"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        configure?.Invoke(start.Environment);
        var product = new ProductProcess(Process.Start(start)!, baseUrl);
        product.process.OutputDataReceived += (_, e) => { lock (product.log) product.log.AppendLine(e.Data); };
        product.process.ErrorDataReceived += (_, e) => { lock (product.log) product.log.AppendLine(e.Data); };
        product.process.BeginOutputReadLine();
        product.process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                if ((await http.GetAsync(baseUrl + "/health/ready")).StatusCode == HttpStatusCode.OK) return product;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            if (product.process.HasExited || DateTime.UtcNow > deadline)
            {
                await product.DisposeAsync();
                throw new InvalidOperationException("The product did not become ready:\n" + product.Log);
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, as in a power cut of the process.</summary>
    public async Task KillAsync()
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
