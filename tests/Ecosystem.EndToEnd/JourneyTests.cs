using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Ecosystem.EndToEnd;

/// <summary>The journey, in a real browser against the real product process.</summary>
public sealed class JourneyTests(ProductServer server) : IClassFixture<ProductServer>
{
    private static Task LoginAsync(IPage page, string username, string password) => ProductServer.LoginAsync(page, username, password);

    private Task<HttpClient> AdminApiAsync() => server.ApiClientAsync("admin", "admin");

    [Fact]
    public async Task A_customer_signs_purchases_is_declined_raises_the_limit_and_resets()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        await Assertions.Expect(page.GetByTestId("demo-hint")).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "01-login");

        await LoginAsync(page, "user", "user");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/app$"));
        await server.ScreenshotAsync(page, "02-app-home");

        await page.ClickAsync("nav a[data-nav=credit-card]");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/app/card$"));
        await Assertions.Expect(page.GetByTestId("offer-amount")).ToHaveTextAsync("5,000.00 USD");
        await Assertions.Expect(page.GetByTestId("offer")).ToHaveAttributeAsync("data-tracked", "true");
        await server.ScreenshotAsync(page, "03-card-offer");

        await page.FillAsync("#signatureText", "I disagree");
        await page.ClickAsync("text=Sign and activate");
        await Assertions.Expect(page.GetByTestId("field-error")).ToContainTextAsync("I agree");

        await page.FillAsync("#signatureText", "I agree");
        await page.ClickAsync("text=Sign and activate");
        await Assertions.Expect(page.GetByTestId("available")).ToHaveTextAsync("5,000.00 USD");

        await page.FillAsync("#amount", "120.00");
        await page.FillAsync("#merchant", "Coffee Corner");
        await page.GetByTestId("purchase").ClickAsync();
        await Assertions.Expect(page.Locator(".flash-ok")).ToContainTextAsync("Approved");
        await Assertions.Expect(page.GetByTestId("available")).ToHaveTextAsync("4,880.00 USD");

        await page.FillAsync("#amount", "6000");
        await page.GetByTestId("purchase").ClickAsync();
        await Assertions.Expect(page.Locator(".flash-bad")).ToContainTextAsync("Declined");
        await Assertions.Expect(page.GetByTestId("available")).ToHaveTextAsync("4,880.00 USD");
        await Assertions.Expect(page.GetByTestId("purchases").Locator("tbody tr")).ToHaveCountAsync(2);

        await page.GetByTestId("raise-limit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("current-limit")).ToHaveTextAsync("7,500.00 USD");
        await Assertions.Expect(page.GetByTestId("available")).ToHaveTextAsync("7,380.00 USD");
        await server.ScreenshotAsync(page, "04-card-active");

        await page.GetByTestId("reset").ClickAsync();
        await Assertions.Expect(page.GetByTestId("current-limit")).ToHaveTextAsync("5,000.00 USD");
        await Assertions.Expect(page.GetByTestId("available")).ToHaveTextAsync("5,000.00 USD");
        await Assertions.Expect(page.GetByTestId("purchases").Locator("tbody tr")).ToHaveCountAsync(2);

        using var admin = await AdminApiAsync();
        async Task<int> Count(string name)
        {
            for (var i = 0; ; i++)
            {
                var events = (await admin.GetFromJsonAsync<JsonElement>($"/api/events?eventName={name}")).GetProperty("items");
                if (events.GetArrayLength() > 0 || i > 50) return events.GetArrayLength();
                await Task.Delay(100);
            }
        }

        Assert.True(await Count("com.ecosystem.shell.navigation.clicked") >= 1);
        Assert.True(await Count("com.ecosystem.credit-card.offer.viewed") >= 1);
        Assert.True(await Count("com.ecosystem.credit-card.onboarding.signed") >= 1);
        Assert.True(await Count("com.ecosystem.credit-card.purchase.simulated") >= 2);
    }

    [Fact]
    public async Task An_admin_disables_a_user_whose_session_ends_at_once_then_views_cards_and_the_audit_log()
    {
        var customer = await server.NewPageAsync();
        await LoginAsync(customer, "user", "user");
        await Assertions.Expect(customer).ToHaveURLAsync(new Regex("/app$"));

        var page = await server.NewPageAsync();
        await LoginAsync(page, "admin", "admin");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin$"));
        await Assertions.Expect(page.Locator(".stat").First).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "05-admin-dashboard");

        await page.ClickAsync("nav a[data-nav=admin-users]");
        var row = page.Locator("tr[data-username=user]");
        await row.Locator("button:has-text('Disable')").ClickAsync();
        await Assertions.Expect(row.GetByTestId("status")).ToHaveTextAsync("disabled");
        await server.ScreenshotAsync(page, "06-admin-users");

        await customer.GotoAsync("/app/card");
        await Assertions.Expect(customer).ToHaveURLAsync(new Regex("/login"));
        await customer.FillAsync("#username", "user");
        await customer.FillAsync("#password", "user");
        await customer.ClickAsync("button[type=submit]");
        await Assertions.Expect(customer.GetByTestId("login-error")).ToContainTextAsync("disabled");

        await row.Locator("button:has-text('Enable')").ClickAsync();
        await Assertions.Expect(row.GetByTestId("status")).ToHaveTextAsync("active");

        await row.Locator("a:has-text('Card')").ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-card-status")).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "07-admin-card");

        await page.ClickAsync("nav a[data-nav=admin-cards]");
        await Assertions.Expect(page.GetByTestId("cards-table")).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "08-admin-cards");

        await page.ClickAsync("nav a[data-nav=admin-audit]");
        await page.SelectOptionAsync("#targetType", "user");
        await page.ClickAsync("form.filters button[type=submit]");
        await Assertions.Expect(page.GetByTestId("audit-table").Locator("text=user.disabled")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("audit-table").Locator("text=user.enabled")).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "09-admin-audit");

        await page.ClickAsync("nav a[data-nav=admin-events]");
        await Assertions.Expect(page.GetByTestId("events-table")).ToBeVisibleAsync();
        await server.ScreenshotAsync(page, "10-admin-events");
    }

    [Fact]
    public async Task A_customer_cannot_open_the_admin_console()
    {
        var page = await server.NewPageAsync();
        await LoginAsync(page, "user", "user");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/app$"));
        await Assertions.Expect(page.Locator("nav a[data-nav=admin-users]")).ToHaveCountAsync(0);
        await page.GotoAsync("/admin/users");
        await Assertions.Expect(page.Locator(".error-code")).ToHaveTextAsync("403");
        await server.ScreenshotAsync(page, "11-forbidden");
    }
}
