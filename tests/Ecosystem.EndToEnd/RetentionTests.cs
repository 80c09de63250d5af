using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Ecosystem.EndToEnd;

/// <summary>
/// Retention in a real browser: an admin starts a chat for an at-risk customer, the customer (no login) chats on a
/// phone-sized page, enters Stripe's test card 4242… and the card is updated well inside the 3-minute box; the
/// admin watches it live.
/// </summary>
public sealed class RetentionTests(ProductServer server) : IClassFixture<ProductServer>
{
    [Fact]
    public async Task An_admin_starts_a_chat_and_the_customer_updates_the_card_inside_three_minutes()
    {
        var admin = await server.NewPageAsync();
        await ProductServer.LoginAsync(admin, "admin", "admin");
        await admin.ClickAsync("nav a[data-nav=retention-at-risk]");
        await Assertions.Expect(admin.GetByTestId("retention-customers")).ToBeVisibleAsync();
        await admin.ClickAsync("[data-testid=risk-scan]");
        await Assertions.Expect(admin.Locator(".flash")).ToContainTextAsync("Risk scan done");
        await admin.SelectOptionAsync("#riskCategory", "failed-payment");
        await Assertions.Expect(admin.GetByTestId("retention-customers")).ToContainTextAsync("Lukas Weber");
        await server.ScreenshotAsync(admin, "30-retention-at-risk");

        await admin.Locator("tr", new() { HasText = "Lukas Weber" }).GetByTestId("open-customer").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("account-status")).ToHaveTextAsync("at-risk");
        await server.ScreenshotAsync(admin, "31-retention-customer");
        var clock = Stopwatch.StartNew();
        await admin.ClickAsync("[data-testid=start-intervention]");
        await Assertions.Expect(admin).ToHaveURLAsync(new Regex("/admin/retention/sessions/chs_"));
        await Assertions.Expect(admin.GetByTestId("live-status")).ToHaveTextAsync("initiated");

        // The link went out through the notification outbox.
        var outbox = await server.NewPageAsync();
        await ProductServer.LoginAsync(outbox, "admin", "admin");
        await outbox.GotoAsync("/admin/retention/notifications");
        var link = await outbox.GetByTestId("chat-link").First.GetAttributeAsync("href");
        Assert.Matches("/chat/[A-Za-z0-9_-]{43}$", link);
        await server.ScreenshotAsync(outbox, "32-retention-notifications");

        // The customer, on a phone, without logging in.
        var context = await server.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var phone = await context.NewPageAsync();
        await phone.GotoAsync(new Uri(link!).PathAndQuery);
        await Assertions.Expect(phone.GetByTestId("chat-messages")).ToContainTextAsync("Lukas");
        await Assertions.Expect(phone.GetByTestId("chat-countdown")).ToHaveTextAsync(new Regex(@"^[23]:\d\d$"));
        await server.ScreenshotAsync(phone, "33-chat-greeting");

        await phone.FillAsync("[data-testid=chat-input]", "Why are you contacting me? Is this safe?");
        await phone.ClickAsync("[data-testid=chat-send]");
        await Assertions.Expect(phone.GetByTestId("chat-messages").Locator(".bubble-ai").Nth(1)).ToContainTextAsync("last four");
        await phone.FillAsync("[data-testid=chat-input]", "ok, let's update it");
        await phone.ClickAsync("[data-testid=chat-send]");
        await Assertions.Expect(phone.GetByTestId("card-form")).ToBeVisibleAsync();
        await server.ScreenshotAsync(phone, "34-chat-card-form");

        // The admin sees the conversation live (server-sent events).
        await Assertions.Expect(admin.GetByTestId("live-status")).ToHaveTextAsync("payment-requested");
        await Assertions.Expect(admin.GetByTestId("live-messages")).ToContainTextAsync("ok, let's update it");
        await server.ScreenshotAsync(admin, "35-retention-live-chat");

        await phone.FillAsync("[data-testid=card-number]", "4242 4242 4242 4242");
        await phone.FillAsync("[data-testid=card-month]", "12");
        await phone.FillAsync("[data-testid=card-year]", (DateTime.UtcNow.Year + 3).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await phone.FillAsync("[data-testid=card-cvc]", "123");
        await phone.ClickAsync("[data-testid=card-submit]");
        await Assertions.Expect(phone.GetByTestId("chat-done")).ToContainTextAsync("card is updated");
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"took {clock.Elapsed}");
        await server.ScreenshotAsync(phone, "36-chat-completed");

        await Assertions.Expect(admin.GetByTestId("live-status")).ToHaveTextAsync("completed");
        await admin.GotoAsync("/admin/retention");
        await admin.Locator("tr", new() { HasText = "Lukas Weber" }).GetByTestId("open-customer").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("account-status")).ToHaveTextAsync("resolved");
        await Assertions.Expect(admin.GetByTestId("payment-methods")).ToContainTextAsync("4242");

        await admin.ClickAsync("nav a[data-nav=retention-metrics]");
        await Assertions.Expect(admin.GetByTestId("successful-resolutions")).Not.ToHaveTextAsync("0");
        await server.ScreenshotAsync(admin, "37-retention-metrics");
        await context.DisposeAsync();
    }
}

/// <summary>The product with a 6-second chat limit, so abandonment happens in real time (no clock control in the process).</summary>
public sealed class ShortChatServer : ProductServer
{
    protected override void Configure(IDictionary<string, string?> environment)
    {
        environment["Retention__SessionLimitSeconds"] = "6";
        environment["Retention__SweepIntervalSeconds"] = "1";
    }
}

public sealed class RetentionAbandonTests(ShortChatServer server) : IClassFixture<ShortChatServer>
{
    [Fact]
    public async Task A_chat_left_alone_expires_on_the_page_and_is_closed_as_abandoned()
    {
        var api = await server.ApiClientAsync("admin", "admin");
        var list = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync("/api/retention/customers?status=at-risk&riskCategory=failed-payment&riskSeverity=medium"));
        var customerId = list.RootElement.GetProperty("items")[0].GetProperty("customerId").GetString();
        var started = await api.PostAsync($"/api/retention/customers/{customerId}/interventions", null);
        Assert.Equal(System.Net.HttpStatusCode.Created, started.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        var chatUrl = body.RootElement.GetProperty("chatUrl").GetString()!;
        var sessionId = body.RootElement.GetProperty("sessionId").GetString()!;

        var context = await server.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true });
        var phone = await context.NewPageAsync();
        await phone.GotoAsync(new Uri(chatUrl).PathAndQuery);
        await Assertions.Expect(phone.GetByTestId("chat-messages")).ToBeVisibleAsync();
        await Assertions.Expect(phone.GetByTestId("chat-expired")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(phone.GetByTestId("chat-input")).ToBeHiddenAsync();
        await server.ScreenshotAsync(phone, "38-chat-expired");

        // The server agrees: the link is dead (410) and the sweeper closed the session as abandoned.
        var reload = await phone.ReloadAsync();
        Assert.Equal(410, reload!.Status);
        await Assertions.Expect(phone.GetByTestId("chat-expired")).ToBeVisibleAsync();
        var admin = await server.NewPageAsync();
        await ProductServer.LoginAsync(admin, "admin", "admin");
        await admin.GotoAsync($"/admin/retention/sessions/{sessionId}");
        await Assertions.Expect(admin.GetByTestId("live-status")).ToHaveTextAsync("abandoned", new() { Timeout = 10_000 });
        await server.ScreenshotAsync(admin, "39-retention-abandoned");
        await context.DisposeAsync();
    }
}
