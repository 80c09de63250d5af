using System.Diagnostics;
using System.Net;
using System.Text.Json;
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
        var link = await outbox.GetByTestId("message-link").First.GetAttributeAsync("href");
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
        await admin.GotoAsync("/admin/retention?status="); // every customer: the default list is the at-risk ones
        await admin.Locator("tr", new() { HasText = "Lukas Weber" }).GetByTestId("open-customer").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("account-status")).ToHaveTextAsync("resolved");
        await Assertions.Expect(admin.GetByTestId("payment-methods")).ToContainTextAsync("4242");

        await admin.ClickAsync("nav a[data-nav=retention-metrics]");
        await Assertions.Expect(admin.GetByTestId("successful-resolutions")).Not.ToHaveTextAsync("0");
        await server.ScreenshotAsync(admin, "37-retention-metrics");
        await context.DisposeAsync();
    }
}

/// <summary>The product in-process with a hand-moved clock and the real 180-second limit; the sweeper looks every second.</summary>
public sealed class ClockedRetentionServer : ClockedProductServer
{
    protected override void Configure(IDictionary<string, string?> environment) => environment["Retention__SweepIntervalSeconds"] = "1";
}

/// <summary>
/// Abandonment with a fake clock on both sides: the server's <see cref="TimeProvider"/> (moved by the test) and the
/// browser's clock (Playwright's <c>page.Clock</c>), so the 180-second box passes without waiting for it.
/// </summary>
public sealed class RetentionAbandonTests(ClockedRetentionServer server) : IClassFixture<ClockedRetentionServer>
{
    [Fact]
    public async Task A_chat_left_past_three_minutes_is_refused_on_the_page_and_closed_as_abandoned()
    {
        var api = await server.ApiClientAsync("admin", "admin");
        var list = JsonDocument.Parse(await api.GetStringAsync("/api/retention/customers?status=at-risk&riskCategory=failed-payment&riskSeverity=medium"));
        var customerId = list.RootElement.GetProperty("items")[0].GetProperty("customerId").GetString();
        var started = await api.PostAsync($"/api/retention/customers/{customerId}/interventions", null);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        using var body = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        var chatPath = new Uri(body.RootElement.GetProperty("chatUrl").GetString()!).PathAndQuery;
        var sessionId = body.RootElement.GetProperty("sessionId").GetString()!;
        var deadline = body.RootElement.GetProperty("deadline").GetDateTimeOffset();
        Assert.Equal(server.Clock.GetUtcNow().AddSeconds(180), deadline);

        var context = await server.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true });
        var phone = await context.NewPageAsync();
        await phone.Clock.InstallAsync(new ClockInstallOptions { TimeDate = server.Clock.GetUtcNow().UtcDateTime });
        await phone.GotoAsync(chatPath);
        await Assertions.Expect(phone.GetByTestId("chat-messages")).ToContainTextAsync("failed attempts");
        await phone.FillAsync("[data-testid=chat-input]", "Why are you contacting me?");
        await phone.ClickAsync("[data-testid=chat-send]");
        await Assertions.Expect(phone.GetByTestId("chat-messages").Locator(".bubble-ai").Nth(1)).ToBeVisibleAsync();

        // A minute passes on both clocks: the page's countdown follows, the chat is still open.
        server.Clock.Advance(TimeSpan.FromSeconds(60));
        await phone.Clock.FastForwardAsync("01:00");
        await Assertions.Expect(phone.GetByTestId("chat-countdown")).ToHaveTextAsync(new Regex(@"^[12]:\d\d$"));
        Assert.Equal("in-progress", await SessionFieldAsync(api, sessionId, "status"));

        // The server passes the deadline; the page (its clock not moved yet) still shows time, the customer writes:
        // the server refuses (410) and the page shows the chat as expired.
        server.Clock.Advance(TimeSpan.FromSeconds(121));
        await phone.FillAsync("[data-testid=chat-input]", "ok, let's update it");
        await phone.ClickAsync("[data-testid=chat-send]");
        await Assertions.Expect(phone.GetByTestId("chat-expired")).ToBeVisibleAsync();
        await Assertions.Expect(phone.GetByTestId("chat-input")).ToBeHiddenAsync();
        await Assertions.Expect(phone.GetByTestId("chat-countdown")).ToHaveTextAsync("0:00");
        await phone.Clock.FastForwardAsync("02:01");
        await Assertions.Expect(phone.GetByTestId("chat-countdown")).ToHaveTextAsync("0:00");
        await server.ScreenshotAsync(phone, "38-chat-expired");

        // The sweeper (on its real one-second tick, reading the moved clock) closes the session as abandoned at the deadline.
        var waited = Stopwatch.StartNew();
        while (await SessionFieldAsync(api, sessionId, "status") != "abandoned")
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), "the sweeper did not close the overdue session");
            await Task.Delay(200);
        }

        Assert.Equal("abandoned", await SessionFieldAsync(api, sessionId, "outcome"));
        Assert.Equal(deadline, DateTimeOffset.Parse(await SessionFieldAsync(api, sessionId, "endTime"), System.Globalization.CultureInfo.InvariantCulture));

        // Late calls on the dead link: 410 SESSION_EXPIRED for a message and for a card; the page itself answers 410.
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var token = chatPath[(chatPath.LastIndexOf('/') + 1)..];
        var message = await anonymous.PostAsync($"/api/chat/{token}/messages", Json("""{"content":"hello?"}"""));
        Assert.Equal(HttpStatusCode.Gone, message.StatusCode);
        Assert.Equal("SESSION_EXPIRED", await CodeAsync(message));
        var card = await anonymous.PostAsync($"/api/chat/{token}/payment-method", Json($$"""{"cardNumber":"4242424242424242","expMonth":12,"expYear":{{DateTime.UtcNow.Year + 3}},"cvc":"123"}"""));
        Assert.Equal(HttpStatusCode.Gone, card.StatusCode);
        Assert.Equal("SESSION_EXPIRED", await CodeAsync(card));
        var reload = await phone.ReloadAsync();
        Assert.Equal(410, reload!.Status);
        await Assertions.Expect(phone.GetByTestId("chat-expired")).ToBeVisibleAsync();

        var admin = await server.NewPageAsync();
        await ProductServer.LoginAsync(admin, "admin", "admin");
        await admin.GotoAsync($"/admin/retention/sessions/{sessionId}");
        await Assertions.Expect(admin.GetByTestId("live-status")).ToHaveTextAsync("abandoned");
        await Assertions.Expect(admin.GetByTestId("live-outcome")).ToBeEmptyAsync(); // the outcome is the status word: said once
        await Assertions.Expect(admin.GetByTestId("liveness")).ToContainTextAsync("finished at");
        await Assertions.Expect(admin.GetByTestId("live-messages")).ToContainTextAsync("Why are you contacting me?");
        await Assertions.Expect(admin.GetByTestId("live-messages")).Not.ToContainTextAsync("ok, let's update it"); // refused, not stored
        await server.ScreenshotAsync(admin, "39-retention-abandoned");
        await context.DisposeAsync();
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static async Task<string> CodeAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("code").GetString()!;
    }

    private static async Task<string> SessionFieldAsync(HttpClient api, string sessionId, string name)
    {
        using var session = JsonDocument.Parse(await api.GetStringAsync($"/api/retention/sessions/{sessionId}"));
        var value = session.RootElement.GetProperty("session").GetProperty(name);
        return value.ValueKind == JsonValueKind.Null ? "" : value.ToString();
    }
}
