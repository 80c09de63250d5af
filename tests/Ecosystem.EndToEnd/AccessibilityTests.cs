using System.Text.Json;
using Microsoft.Playwright;

namespace Ecosystem.EndToEnd;

/// <summary>
/// axe-core (WCAG 2.0–2.2 A and AA rules) on every page in the sidebar of each demo role, at desktop and phone widths:
/// a new module's pages are checked as soon as it links them. No critical or serious finding, and no horizontal page
/// scroll at 390 px. The API reference (/docs) is Swagger UI's markup with the app's colour overrides (css/docs.css):
/// it is checked once Swagger UI has rendered the operations.
/// </summary>
public sealed class AccessibilityTests(ProductServer server) : IClassFixture<ProductServer>
{
    /// <summary>Pages rendered by a script after load, and what shows they are ready.</summary>
    private static readonly Dictionary<string, string> RenderedBy = new(StringComparer.Ordinal) { ["/docs"] = "#servers[aria-label] >> nth=0" };

    [Fact]
    public async Task Every_page_in_the_sidebar_has_no_serious_accessibility_finding_at_1366_and_390_px()
    {
        if (server.SkipReason is not null) Assert.Skip(server.SkipReason);
        if (await SdkPackages.EnsureRestoredAsync() is { } why)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail(why);
            Assert.Skip(why);
        }

        var axe = await File.ReadAllTextAsync(Path.Combine(SdkPackages.Folder, "node_modules", "axe-core", "axe.min.js"));
        var problems = new List<string>();
        var checkedPages = 0;
        foreach (var role in new[] { "admin", "user" })
        {
            foreach (var width in new[] { 1366, 390 })
            {
                var context = await server.Browser!.NewContextAsync(new BrowserNewContextOptions
                {
                    BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = 900 }, BypassCSP = true,
                });
                var page = await context.NewPageAsync();
                await ProductServer.LoginAsync(page, role, role);
                await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
                var links = await page.EvalOnSelectorAllAsync<string[]>("nav a[href^='/']", "as => [...new Set(as.map(a => a.getAttribute('href')))]");
                foreach (var href in links)
                {
                    await page.GotoAsync(href);
                    if (RenderedBy.TryGetValue(href, out var ready))
                    {
                        await page.Locator(ready).WaitForAsync();
                        await page.Locator(".opblock-summary-method >> nth=0").WaitForAsync();
                    }

                    checkedPages++;
                    var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                    if (scrollWidth > width) problems.Add($"{role} {width}px {href}: the page is {scrollWidth}px wide");
                    await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = axe });
                    var found = await page.EvaluateAsync<JsonElement>("""
                        async () => (await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }))
                            .violations.filter(v => v.impact === 'critical' || v.impact === 'serious')
                            .map(v => v.impact + ' ' + v.id + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))
                        """);
                    problems.AddRange(found.EnumerateArray().Select(v => $"{role} {width}px {href}: {v.GetString()}"));
                }

                await context.CloseAsync();
            }
        }

        Assert.True(checkedPages >= 20, $"Only {checkedPages} pages were checked: the sidebar did not list the pages.");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
