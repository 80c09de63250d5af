using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Ecosystem.EndToEnd;

/// <summary>The admin analytics pages, in a real browser, over events from the card journey and a write-key source.</summary>
public sealed class AnalyticsPagesTests(ProductServer server) : IClassFixture<ProductServer>
{
    private const string JourneyId = "jny_e2e_marketing_site";

    private static Task LoginAsync(IPage page, string username, string password) => ProductServer.LoginAsync(page, username, password);

    private Task<HttpClient> AdminApiAsync() => server.ApiClientAsync("admin", "admin");

    [Fact]
    public async Task An_admin_creates_a_write_key_receives_events_and_reads_overview_catalog_people_and_journeys()
    {
        var admin = await server.NewPageAsync();
        await LoginAsync(admin, "admin", "admin");
        await Assertions.Expect(admin).ToHaveURLAsync(new Regex("/admin$"));

        // Write keys: one revoked, one created whose key is shown exactly once.
        await admin.ClickAsync("nav a[data-nav=analytics-write-keys]");
        await Assertions.Expect(admin.GetByTestId("no-keys")).ToBeVisibleAsync();
        await admin.FillAsync("#Name", "Legacy importer");
        await admin.ClickAsync("form[data-testid=create-key] button[type=submit]");
        await Assertions.Expect(admin.GetByTestId("write-key-secret")).ToBeVisibleAsync();
        await admin.Locator("tr[data-key='Legacy importer'] button:has-text('Revoke')").ClickAsync();
        await Assertions.Expect(admin.Locator("tr[data-key='Legacy importer'] [data-testid=key-status]")).ToContainTextAsync("revoked");
        await Assertions.Expect(admin.GetByTestId("write-key-secret")).ToHaveCountAsync(0);

        await admin.FillAsync("#Name", "");
        await admin.ClickAsync("form[data-testid=create-key] button[type=submit]");
        await Assertions.Expect(admin.GetByTestId("name-error")).ToContainTextAsync("required");

        await admin.FillAsync("#Name", "Marketing website");
        await admin.CheckAsync("input[name=Policy][value=quarantine]");
        await admin.ClickAsync("form[data-testid=create-key] button[type=submit]");
        var key = await admin.GetByTestId("write-key-secret").InputValueAsync();
        Assert.StartsWith("wk_", key);
        await Assertions.Expect(admin.GetByTestId("new-key")).ToContainTextAsync("only time it is shown");
        await Assertions.Expect(admin.Locator("tr[data-key='Marketing website'] td.mono")).ToHaveTextAsync(key[..9] + "…");
        await Assertions.Expect(admin.Locator("tr[data-key='Marketing website'] [data-testid=key-status]")).ToContainTextAsync("active");
        await server.ScreenshotAsync(admin, "25-write-keys");
        await admin.GotoAsync("/admin/analytics/write-keys");
        await Assertions.Expect(admin.GetByTestId("keys-table")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByTestId("write-key-secret")).ToHaveCountAsync(0);
        Assert.DoesNotContain(key, await admin.ContentAsync(), StringComparison.Ordinal);

        // The demo customer walks the card funnel in the browser: offer viewed, signed, purchase.
        var customer = await server.NewPageAsync();
        await LoginAsync(customer, "user", "user");
        await Assertions.Expect(customer).ToHaveURLAsync(new Regex("/app$"));
        await customer.ClickAsync("nav a[data-nav=credit-card]");
        await Assertions.Expect(customer.GetByTestId("offer")).ToHaveAttributeAsync("data-tracked", "true");
        await customer.FillAsync("#signatureText", "I agree");
        await customer.ClickAsync("text=Sign and activate");
        await Assertions.Expect(customer.GetByTestId("available")).ToHaveTextAsync("5,000.00 USD");
        await customer.FillAsync("#amount", "120.00");
        await customer.FillAsync("#merchant", "Coffee Corner");
        await customer.GetByTestId("purchase").ClickAsync();
        await Assertions.Expect(customer.Locator(".flash-ok")).ToContainTextAsync("Approved");
        await customer.GotoAsync("/admin/analytics");
        await Assertions.Expect(customer.Locator(".error-code")).ToHaveTextAsync("403");

        // A source sends a batch with the new key: three events in one journey and one the catalog does not know.
        using var api = await AdminApiAsync();
        var users = await api.GetFromJsonAsync<JsonElement>("/api/admin/users?q=user");
        var demoId = users.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("username").GetString() == "user").GetProperty("userEcosystemId").GetString()!;
        using var source = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        source.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));
        var now = DateTimeOffset.UtcNow;
        var batch = await source.PostAsJsonAsync("/api/events/batch", new
        {
            events = new object[]
            {
                new { eventName = "com.ecosystem.shell.navigation.clicked", occurredAt = now.AddMinutes(-6), userEcosystemId = demoId, journeyId = JourneyId, metadata = new { target = "x", page = "/pricing" } },
                new { eventName = "com.ecosystem.shell.navigation.clicked", occurredAt = now.AddMinutes(-6).AddSeconds(4), userEcosystemId = demoId, journeyId = JourneyId, metadata = new { target = "x", page = "/card" } },
                new { eventName = "com.ecosystem.shell.navigation.clicked", occurredAt = now.AddMinutes(-2), userEcosystemId = demoId, journeyId = JourneyId, metadata = new { target = "x", page = "/apply" } },
                new { eventName = "com.ecosystem.shell.widget.exploded", occurredAt = now.AddMinutes(-1), userEcosystemId = demoId, metadata = new { size = 3 } },
            },
        });
        Assert.True(batch.IsSuccessStatusCode, await batch.Content.ReadAsStringAsync());
        var result = await batch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, result.GetProperty("stored").GetInt32());
        Assert.Equal(1, result.GetProperty("quarantined").GetInt32());

        // Server events reach analytics through the outbox; wait for the purchase before reading the funnel.
        for (var i = 0; ; i++)
        {
            var events = await api.GetFromJsonAsync<JsonElement>("/api/events?eventName=com.ecosystem.credit-card.purchase.simulated");
            if (events.GetProperty("items").GetArrayLength() > 0) break;
            Assert.True(i < 100, "the purchase event never reached analytics");
            await Task.Delay(100);
        }

        // Overview: volume chart, funnel with one person through every step, top events, tiles.
        await admin.ClickAsync("nav a[data-nav=analytics-overview]");
        await Assertions.Expect(admin).ToHaveURLAsync(new Regex("/admin/analytics$"));
        await Assertions.Expect(admin.GetByTestId("volume-chart").Locator("svg rect.bar").First).ToBeVisibleAsync();
        var funnel = admin.GetByTestId("funnel-chart");
        await Assertions.Expect(funnel.Locator("g[data-step='1']")).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(funnel.Locator("g[data-step='2']")).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(funnel.Locator("g[data-step='3']")).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(funnel).ToContainTextAsync("100% continued");
        await Assertions.Expect(admin.GetByTestId("top-events-table")).ToContainTextAsync("shell.navigation.clicked");
        await Assertions.Expect(admin.GetByTestId("stat-conversion")).ToContainTextAsync("100%");
        await server.ScreenshotAsync(admin, "20-analytics-overview");
        await admin.GetByTestId("range-30d").ClickAsync();
        await Assertions.Expect(admin).ToHaveURLAsync(new Regex("range=30d"));
        await Assertions.Expect(admin.GetByTestId("volume")).ToContainTextAsync("per day");
        await Assertions.Expect(funnel.Locator("g[data-step='3']")).ToHaveAttributeAsync("data-count", "1");

        // Catalog: declared events with their volume, and the quarantined event.
        await admin.ClickAsync("nav a[data-nav=analytics-catalog]");
        await Assertions.Expect(admin.Locator("tr[data-event='com.ecosystem.credit-card.offer.viewed']")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("tr[data-event='com.ecosystem.shell.navigation.clicked']")).ToContainTextAsync("target");
        var quarantine = admin.GetByTestId("quarantine-table");
        await Assertions.Expect(quarantine).ToContainTextAsync("com.ecosystem.shell.widget.exploded");
        await Assertions.Expect(quarantine).ToContainTextAsync("Marketing website");
        await server.ScreenshotAsync(admin, "21-catalog");

        // People: the list with display names and filters.
        await admin.ClickAsync("nav a[data-nav=analytics-people]");
        var people = admin.GetByTestId("customers-table");
        await Assertions.Expect(people.Locator($"tr[data-person='{demoId}']")).ToContainTextAsync("Demo User");
        await Assertions.Expect(people.Locator($"tr[data-person='{demoId}']")).ToContainTextAsync("onboarded");
        await Assertions.Expect(people).ToContainTextAsync("Demo Admin");
        await server.ScreenshotAsync(admin, "22-customers");
        await admin.SelectOptionAsync("#creditCardStatus", "onboarded");
        await admin.SelectOptionAsync("#sort", "engagementScore");
        await admin.ClickAsync("form[data-testid=customer-filters] button[type=submit]");
        await Assertions.Expect(admin).ToHaveURLAsync(new Regex("creditCardStatus=onboarded"));
        await Assertions.Expect(people.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(people).Not.ToContainTextAsync("Demo Admin");

        // A person: profile, card, engagement, journeys and their latest events.
        await people.Locator($"tr[data-person='{demoId}'] a:has-text('Open')").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("person-name")).ToHaveTextAsync("Demo User");
        await Assertions.Expect(admin.GetByTestId("card-status")).ToContainTextAsync("onboarded");
        await Assertions.Expect(admin.GetByTestId("card-available")).ToHaveTextAsync("4,880.00 USD");
        await Assertions.Expect(admin.GetByTestId("card-limit")).ToHaveTextAsync("5,000.00 USD");
        await Assertions.Expect(admin.GetByTestId("profile")).ToContainTextAsync("user");
        await Assertions.Expect(admin.GetByTestId("timeline")).ToContainTextAsync("credit-card.purchase.simulated");
        await Assertions.Expect(admin.GetByTestId("timeline")).ToContainTextAsync("target x");
        var journeyLink = admin.Locator($"a[href='/admin/analytics/journeys/{JourneyId}']");
        await Assertions.Expect(journeyLink).ToBeVisibleAsync();
        await server.ScreenshotAsync(admin, "23-customer");

        // The source's journey: three events, two gaps, still active, linked to the person.
        await journeyLink.ClickAsync();
        await Assertions.Expect(admin.GetByTestId("journey-id")).ToHaveTextAsync(JourneyId);
        await Assertions.Expect(admin.GetByTestId("journey-event")).ToHaveCountAsync(3);
        await Assertions.Expect(admin.GetByTestId("gap")).ToHaveTextAsync(["+4 s", "+3 min 56 s"]);
        await Assertions.Expect(admin.GetByTestId("journey-status")).ToContainTextAsync("active");
        await Assertions.Expect(admin.GetByTestId("journey-person")).ToHaveTextAsync("Demo User");
        await Assertions.Expect(admin.GetByTestId("journey-timeline")).ToContainTextAsync("/pricing");
        await server.ScreenshotAsync(admin, "24-journey");

        await admin.GotoAsync("/admin/analytics/journeys/jny_does_not_exist");
        await Assertions.Expect(admin.GetByTestId("journey-not-found")).ToBeVisibleAsync();
    }
}
