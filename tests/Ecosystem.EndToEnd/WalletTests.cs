using Microsoft.Playwright;

namespace Ecosystem.EndToEnd;

/// <summary>
/// The wallet in a real browser (issue 19): on a phone, a person tops up their wallet with the test card, sees the new
/// balance and the movement, and a declined card explained; on a desktop, an admin finds the ledger balanced, checks
/// every balance against its entries and opens the person's account.
/// </summary>
public sealed class WalletTests(ProductServer server) : IClassFixture<ProductServer>
{
    [Fact]
    public async Task A_person_tops_up_on_a_phone_and_an_admin_finds_the_ledger_balanced()
    {
        if (server.SkipReason is not null) Assert.Skip(server.SkipReason);
        var context = await server.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });
        var phone = await context.NewPageAsync();
        await ProductServer.LoginAsync(phone, "user", "user");
        await phone.GotoAsync("/app/wallet");
        await Assertions.Expect(phone.GetByTestId("wallet-empty")).ToBeVisibleAsync();

        async Task TopUpAsync(string amount, string card)
        {
            await phone.FillAsync("#topup-amount", amount);
            await phone.FillAsync("#cardNumber", card);
            await phone.SelectOptionAsync("#expMonth", "12");
            await phone.SelectOptionAsync("#expYear", (DateTime.UtcNow.Year + 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await phone.FillAsync("#cvc", "123");
            await phone.ClickAsync("[data-testid=top-up-submit]");
        }

        await TopUpAsync("25,000", "4242 4242 4242 4242");
        await Assertions.Expect(phone.Locator(".flash")).ToContainTextAsync("25,000 RWF added to your wallet from your Visa ending 4242");
        await Assertions.Expect(phone.GetByTestId("wallet-balance")).ToHaveTextAsync("25,000 RWF");
        await Assertions.Expect(phone.GetByTestId("wallet-statement")).ToContainTextAsync("+25,000 RWF");
        await TopUpAsync("5000", "4000 0000 0000 0002");
        await Assertions.Expect(phone.Locator(".flash")).ToContainTextAsync("Top-up declined");
        await Assertions.Expect(phone.GetByTestId("wallet-balance")).ToHaveTextAsync("25,000 RWF");
        await TopUpAsync("12.5", "4242 4242 4242 4242");
        await Assertions.Expect(phone.Locator("#err-topup-amount")).ToContainTextAsync("whole numbers");
        await server.ScreenshotAsync(phone, "50-wallet-phone");

        var desk = await (await server.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = 1366, Height = 900 } })).NewPageAsync();
        await ProductServer.LoginAsync(desk, "admin", "admin");
        await desk.GotoAsync("/admin/wallet");
        await Assertions.Expect(desk.GetByTestId("trial-status")).ToHaveTextAsync("✓ Balanced");
        await desk.ClickAsync("[data-testid=reconcile]");
        await Assertions.Expect(desk.GetByTestId("reconciliation")).ToContainTextAsync("balances match their entries");
        await desk.ClickAsync("[data-testid=ledger-accounts] >> text=Demo User");
        await Assertions.Expect(desk.GetByTestId("account-balance")).ToHaveTextAsync("25,000 RWF");
        await Assertions.Expect(desk.GetByTestId("account-statement")).ToContainTextAsync("Top-up");
        await server.ScreenshotAsync(desk, "51-wallet-ledger-account");
    }
}
