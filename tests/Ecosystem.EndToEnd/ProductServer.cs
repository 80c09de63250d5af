using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace Ecosystem.EndToEnd;

/// <summary>
/// The real product as a separate process on a loopback port with a fresh SQLite database and demo data, plus a
/// headless Debian Chromium driven by Playwright. Without Chromium the tests skip, except under CI=true.
/// </summary>
public class ProductServer : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private Process? process;
    private string? dataDir;
    private readonly System.Text.StringBuilder log = new();

    public string BaseUrl { get; private set; } = "";
    public IPlaywright? Playwright { get; private set; }
    public IBrowser? Browser { get; private set; }
    public string? SkipReason { get; private set; }
    public string ScreenshotDir { get; } = Path.Combine(RepoRoot, "TestResults", "screenshots");

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ecosystem.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            SkipReason = $"Chromium is not installed at {ChromiumPath} (apt-get install chromium)";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) throw new InvalidOperationException("CI=true requires Chromium: " + SkipReason);
            return;
        }

        Directory.CreateDirectory(ScreenshotDir);
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        dataDir = Path.Combine(Path.GetTempPath(), "ecosystem-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
        var hostDll = Path.Combine(RepoRoot, "src", "Ecosystem.Host", "bin", configuration, "net10.0", "ecosystem.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { hostDll, "--urls", BaseUrl, "--contentRoot", Path.Combine(RepoRoot, "src", "Ecosystem.Host") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__Ecosystem"] = $"Data Source={Path.Combine(dataDir, "ecosystem.db")}";
        start.Environment["Ecosystem__Demo"] = "true";
        start.Environment["Ecosystem__MigrateOnStartup"] = "true";
        Configure(start.Environment);
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(BaseUrl + "/health/ready")).StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (process.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException("The product did not become ready:\n" + Log);
            await Task.Delay(200);
        }

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Extra settings for the product process (a derived fixture may set e.g. a short chat limit).</summary>
    protected virtual void Configure(IDictionary<string, string?> environment)
    {
    }

    public string Log
    {
        get { lock (log) return log.ToString(); }
    }

    public async Task<IPage> NewPageAsync()
    {
        if (SkipReason is not null) Assert.Skip(SkipReason);
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1360, Height = 900 } });
        var page = await context.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        return page;
    }

    /// <summary>Logs in through the login page (the page must be on this server).</summary>
    public static async Task LoginAsync(IPage page, string username, string password)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
    }

    /// <summary>An API client for this server with a bearer token for the given account.</summary>
    public async Task<HttpClient> ApiClientAsync(string username, string password)
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var response = await http.PostAsync("/api/auth/login", new StringContent($$"""{"username":"{{username}}","password":"{{password}}"}""", System.Text.Encoding.UTF8, "application/json"));
        using var login = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", login.RootElement.GetProperty("accessToken").GetString());
        return http;
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        if (dataDir is not null && Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
