using Microsoft.Playwright;

namespace Ecosystem.EndToEnd;

/// <summary>
/// The real product as a separate process on a loopback port with a fresh SQLite database and demo data, plus a
/// headless Debian Chromium driven by Playwright. Without Chromium the tests skip, except under CI=true.
/// </summary>
public class ProductServer : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IAsyncDisposable? product;
    private string? dataDir;

    public string BaseUrl { get; private set; } = "";
    public IPlaywright? Playwright { get; private set; }
    public IBrowser? Browser { get; private set; }
    public string? SkipReason { get; private set; }
    public string ScreenshotDir { get; } = Path.Combine(RepoRoot, "TestResults", "screenshots");

    public static string RepoRoot => ProductProcess.RepoRoot;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            SkipReason = $"Chromium is not installed at {ChromiumPath} (apt-get install chromium)";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) throw new InvalidOperationException("CI=true requires Chromium: " + SkipReason);
            return;
        }

        Directory.CreateDirectory(ScreenshotDir);
        dataDir = Path.Combine(Path.GetTempPath(), "ecosystem-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        (BaseUrl, product) = await StartProductAsync($"Data Source={Path.Combine(dataDir, "ecosystem.db")}");

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public string Log => (product as ProductProcess)?.Log ?? "";

    /// <summary>Starts the product on the given database; by default the built product as a separate process.</summary>
    protected virtual async Task<(string BaseUrl, IAsyncDisposable Product)> StartProductAsync(string connectionString)
    {
        var process = await ProductProcess.StartAsync(connectionString, configure: Configure);
        return (process.BaseUrl, process);
    }

    /// <summary>Extra settings for the product process (a derived fixture may set e.g. a short chat limit).</summary>
    protected virtual void Configure(IDictionary<string, string?> environment)
    {
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

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        if (product is not null) await product.DisposeAsync();
        if (dataDir is not null && Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
    }
}
