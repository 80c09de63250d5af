using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Ecosystem.EndToEnd;

/// <summary>
/// The marketplace in a real browser (issue 19): a buyer asks for a moto on a phone, a vendor sees the request ranked
/// and quotes, the buyer accepts (the price is held from the wallet), the vendor completes and the buyer's purchase
/// shows as completed with the wallet charged.
/// </summary>
public sealed class MarketplaceTests(ProductServer server) : IClassFixture<ProductServer>
{
    [Fact]
    public async Task A_buyer_asks_a_vendor_quotes_the_buyer_accepts_and_the_vendor_completes()
    {
        if (server.SkipReason is not null) Assert.Skip(server.SkipReason);
        var buyer = await (await server.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        })).NewPageAsync();
        await ProductServer.LoginAsync(buyer, "buyer1", "buyer1");
        await buyer.GotoAsync("/app/marketplace");
        var before = await buyer.GetByTestId("available").InnerTextAsync();
        const string need = "Moto from Kacyiru to the airport at 6:00 with one suitcase";
        await buyer.FillAsync("#description", need);
        await buyer.ClickAsync("[data-testid=post-intent]");
        var mine = buyer.GetByTestId("intent").Filter(new LocatorFilterOptions { HasText = need });
        await Assertions.Expect(mine).ToContainTextAsync("No quotes yet");

        var vendor = await (await server.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = 1366, Height = 900 } })).NewPageAsync();
        await ProductServer.LoginAsync(vendor, "vendor1", "vendor1");
        await vendor.GotoAsync("/app/marketplace/vendor");
        var request = vendor.GetByTestId("open-intent").Filter(new LocatorFilterOptions { HasText = need });
        await Assertions.Expect(request).ToContainTextAsync("of 100");
        await request.Locator("input[name=price]").FillAsync("3200");
        await request.GetByTestId("send-quote").ClickAsync();
        await Assertions.Expect(vendor.GetByTestId("open-intent").Filter(new LocatorFilterOptions { HasText = need })).ToContainTextAsync("You quoted 3,200 RWF");

        await buyer.ReloadAsync();
        await Assertions.Expect(mine).ToContainTextAsync("3,200 RWF");
        await mine.GetByTestId("accept-quote").ClickAsync();
        await Assertions.Expect(buyer.GetByTestId("my-purchases")).ToContainTextAsync("3,200 RWF");
        await server.ScreenshotAsync(buyer, "52-marketplace-accepted");

        await vendor.ReloadAsync();
        await vendor.GetByTestId("vendor-sales").Locator("tr", new LocatorLocatorOptions { HasText = "3,200 RWF" }).Locator("[data-testid=complete]").ClickAsync();
        await Assertions.Expect(vendor.GetByTestId("vendor-sales").Locator("tr", new LocatorLocatorOptions { HasText = "3,200 RWF" })).ToContainTextAsync("Completed");

        await buyer.ReloadAsync();
        await Assertions.Expect(buyer.GetByTestId("my-purchases").Locator("tr", new LocatorLocatorOptions { HasText = "3,200 RWF" })).ToContainTextAsync("Completed");
        var after = await buyer.GetByTestId("available").InnerTextAsync();
        Assert.Equal(Rwf(before) - 3_200, Rwf(after));
    }

    private static long Rwf(string text) => long.Parse(Regex.Replace(text, "[^0-9]", ""), System.Globalization.CultureInfo.InvariantCulture);
}
