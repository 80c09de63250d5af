using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Ecosystem.EndToEnd;

/// <summary>
/// What only the real server and a real browser can show: Kestrel's body and header limits, and that the
/// Content-Security-Policy (no inline script) does not break any page, and the account page's password change.
/// </summary>
public sealed class HardeningTests(ProductServer server) : IClassFixture<ProductServer>
{
    [Fact]
    public async Task Kestrel_refuses_oversized_bodies_with_a_413_problem_and_oversized_headers_with_431()
    {
        if (server.SkipReason is not null) Assert.Skip(server.SkipReason);
        using var api = await server.ApiClientAsync("admin", "admin");
        // A declared length over the limit is refused before any body is read. The client asks first
        // (Expect: 100-continue, as clients do for large uploads), so the 413 cannot race the upload.
        var declared = new ByteArrayContent(Body(2 * 1024 * 1024));
        declared.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using (var upload = new HttpRequestMessage(HttpMethod.Post, "/api/cards/me/purchases") { Content = declared })
        {
            upload.Headers.ExpectContinue = true;
            using var response = await api.SendAsync(upload);
            await AssertTooLargeAsync(response);
        }

        // Without a length the server reads up to the limit and then refuses: just over it, so the rest of the upload
        // fits in the socket buffers and the client reads the answer instead of a reset.
        var chunked = new StreamContent(new NonSeekable(Body((1024 * 1024) + (16 * 1024))));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using (var response = await api.PostAsync("/api/cards/me/purchases", chunked))
        {
            await AssertTooLargeAsync(response);
        }

        // 40 KB of headers is over Kestrel's 32 KB: raw socket, because HttpClient may refuse to send it.
        using var tcp = new TcpClient();
        var uri = new Uri(server.BaseUrl);
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        var request = $"GET /health/live HTTP/1.1\r\nHost: {uri.Authority}\r\nX-Big: {new string('a', 40 * 1024)}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var reply = new byte[256];
        var read = await stream.ReadAsync(reply);
        Assert.StartsWith("HTTP/1.1 431", Encoding.ASCII.GetString(reply, 0, read));
    }

    private static byte[] Body(int size) => Encoding.UTF8.GetBytes("{\"amount\":1,\"merchant\":\"" + new string('x', size) + "\"}");

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("PAYLOAD_TOO_LARGE", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task No_page_trips_the_Content_Security_Policy_and_the_account_page_changes_the_password()
    {
        var page = await server.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(page.Url + ": " + message.Text);
        };

        await ProductServer.LoginAsync(page, "admin", "admin");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin$"));
        foreach (var path in new[] { "/admin", "/admin/users", "/admin/cards", "/admin/audit", "/admin/events", "/admin/analytics", "/admin/analytics/customers", "/admin/analytics/catalog", "/admin/analytics/write-keys", "/app", "/app/card", "/app/account" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            Assert.Contains("script-src 'self'", (await response.AllHeadersAsync())["content-security-policy"]);
        }

        await page.ClickAsync("[data-testid=logout]");
        await ProductServer.LoginAsync(page, "user", "user");
        await page.ClickAsync("nav a[data-nav=account]");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/app/account$"));
        await Assertions.Expect(page.GetByTestId("session-lifetimes")).ToContainTextAsync("after 30 minutes without activity, and at the latest 12 hours after");
        await page.FillAsync("#currentPassword", "user");
        await page.FillAsync("#newPassword", "too short");
        await page.FillAsync("#confirmPassword", "too short");
        await page.EvalOnSelectorAsync("[data-testid=password-form]", "f => f.noValidate = true"); // let the server judge
        await page.ClickAsync("[data-testid=password-form] button[type=submit]");
        await Assertions.Expect(page.GetByTestId("password-error")).ToContainTextAsync("at least 12 characters");

        await page.FillAsync("#currentPassword", "user");
        await page.FillAsync("#newPassword", "correct horse battery staple");
        await page.FillAsync("#confirmPassword", "correct horse battery staple");
        await page.ClickAsync("[data-testid=password-form] button[type=submit]");
        await Assertions.Expect(page.Locator(".flash-ok")).ToContainTextAsync("Your password is changed");
        await server.ScreenshotAsync(page, "20-account-password-changed");

        await page.ClickAsync("[data-testid=logout]");
        await ProductServer.LoginAsync(page, "user", "user");
        await Assertions.Expect(page.GetByTestId("login-error")).ToBeVisibleAsync();
        await ProductServer.LoginAsync(page, "user", "correct horse battery staple");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/app$"));
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    private sealed class NonSeekable(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
