using System.Text.Json;
using Microsoft.Playwright;

namespace Ecosystem.EndToEnd;

/// <summary>
/// The OpenAPI document as the product serves it: Redocly's linter (recommended rules, <c>sdk/redocly.yaml</c>) finds no
/// error, every operation has a summary, a security requirement and its error responses as problems, and the Swagger UI
/// page (/docs) links back to the app.
/// </summary>
public sealed class ApiDocumentationTests(ProductServer server) : IClassFixture<ProductServer>
{
    [Fact]
    public async Task The_served_OpenAPI_document_passes_the_linter_and_documents_every_operation()
    {
        if (server.SkipReason is not null) Assert.Skip(server.SkipReason);
        if (await SdkPackages.EnsureRestoredAsync() is { } why)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail(why);
            Assert.Skip(why);
        }

        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var text = await http.GetStringAsync("/openapi/v1.json");
        var file = Path.Combine(Path.GetTempPath(), $"ecosystem-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, text);
        try
        {
            var (code, output) = await SdkPackages.RunAsync("node", [Path.Combine("node_modules", "@redocly", "cli", "bin", "cli.js"), "lint", file, "--format=stylish", "--max-problems=200"], TimeSpan.FromMinutes(2));
            Assert.True(code == 0, "redocly lint found errors:\n" + output);
        }
        finally
        {
            File.Delete(file);
        }

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        Assert.Equal("Ecosystem API", root.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        var problems = new List<string>();
        var operations = 0;
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                operations++;
                var name = op.Name.ToUpperInvariant() + " " + path.Name;
                if (!op.Value.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString())) problems.Add(name + ": no summary");
                var errors = op.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('4')).ToList();
                if (errors.Count == 0) problems.Add(name + ": no 4xx response");
                foreach (var error in errors)
                {
                    if (!error.Value.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out _)) problems.Add($"{name} {error.Name}: not a problem");
                    if (!error.Value.GetProperty("description").GetString()!.Contains('`', StringComparison.Ordinal)) problems.Add($"{name} {error.Name}: no code named");
                }
            }
        }

        Assert.True(operations >= 50, $"only {operations} operations");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_API_docs_page_links_back_to_the_app()
    {
        if (server.SkipReason is not null) Assert.Skip(server.SkipReason);
        var page = await server.NewPageAsync();
        await ProductServer.LoginAsync(page, "admin", "admin");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        await page.GotoAsync("/docs");
        // Swagger UI renders after it has fetched the document (the first request builds it): allow for a busy machine.
        var back = page.Locator(".info a[href='/']");
        await Assertions.Expect(back).ToContainTextAsync("Back to the app", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator(".info .title")).ToContainTextAsync("Ecosystem API");
        await page.Context.CloseAsync();
    }
}
