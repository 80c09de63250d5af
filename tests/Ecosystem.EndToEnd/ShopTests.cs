using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Ecosystem.EndToEnd;

/// <summary>
/// The shop in a real browser (issue 18): on a phone, a visitor configures a product and watches the live price change
/// (and a broken combination explained), adds it to the cart, signs in as the demo client at checkout, places the
/// order and pays with the test card 4242…; on a desktop, an admin moves the order to running and then completed and
/// sees each step in its timeline.
/// </summary>
public sealed class ShopTests(ProductServer server) : IClassFixture<ProductServer>
{
    [Fact]
    public async Task A_client_configures_buys_and_pays_on_a_phone_and_an_admin_moves_the_order_to_completed()
    {
        if (server.SkipReason is not null) Assert.Skip(server.SkipReason);
        var context = await server.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });
        var phone = await context.NewPageAsync();

        // The storefront and the configurator, as a visitor.
        await phone.GotoAsync("/shop");
        await Assertions.Expect(phone.GetByTestId("product-card").First).ToBeVisibleAsync();
        await phone.ClickAsync("a[href='/shop/instagram-followers'] >> nth=0");
        var total = phone.GetByTestId("price-total");
        await Assertions.Expect(total).ToHaveTextAsync("22.61 EUR"); // 1,000 followers, worldwide, steady: 19.00 + 19 % VAT
        await phone.CheckAsync("#opt-opt_followers_europe");
        await Assertions.Expect(total).ToHaveTextAsync("26.00 EUR"); // +15 %: 21.85 net
        await phone.CheckAsync("#var-var_followers_10k");
        await phone.CheckAsync("#opt-opt_followers_express");
        await Assertions.Expect(phone.GetByTestId("price-problem")).ToContainTextAsync("only available with 1,000 followers or 5,000 followers");
        await server.ScreenshotAsync(phone, "40-shop-configurator-constraint");
        await phone.CheckAsync("#opt-opt_followers_fast");
        await phone.CheckAsync("#opt-opt_followers_refill");
        await Assertions.Expect(phone.GetByTestId("price-problem")).ToBeHiddenAsync();
        await Assertions.Expect(total).ToHaveTextAsync("206.76 EUR"); // (139.00 + 20.85 + 9.00 + 4.90) × 1.19
        await server.ScreenshotAsync(phone, "41-shop-configurator");
        await phone.ClickAsync("[data-testid=add-to-cart]");

        await Assertions.Expect(phone).ToHaveURLAsync(new Regex("/shop/cart$"));
        await Assertions.Expect(phone.GetByTestId("cart-lines")).ToContainTextAsync("10,000 followers");
        await Assertions.Expect(phone.GetByTestId("cart-total")).ToHaveTextAsync("206.76 EUR");
        await server.ScreenshotAsync(phone, "42-shop-cart");

        // Checkout asks the visitor to sign in and comes back; the visitor's cart is merged into the client's.
        await phone.ClickAsync("[data-testid=checkout]");
        await Assertions.Expect(phone).ToHaveURLAsync(new Regex("/login\\?returnUrl="));
        await phone.FillAsync("#username", "client");
        await phone.FillAsync("#password", "client");
        await phone.ClickAsync("button[type=submit]");
        await Assertions.Expect(phone).ToHaveURLAsync(new Regex("/shop/checkout$"));
        await Assertions.Expect(phone.GetByTestId("checkout-total")).ToHaveTextAsync("206.76 EUR");
        await Assertions.Expect(phone.Locator("#fullName")).ToHaveValueAsync("Clara Client");
        await phone.CheckAsync("[data-testid=accept-terms]");
        await server.ScreenshotAsync(phone, "43-shop-checkout");
        await phone.ClickAsync("[data-testid=place-order]");

        await Assertions.Expect(phone).ToHaveURLAsync(new Regex("/app/orders/ORD-\\d{4}-\\d{6}$"));
        var orderNumber = phone.Url[(phone.Url.LastIndexOf('/') + 1)..];
        await Assertions.Expect(phone.GetByTestId("order-status")).ToHaveTextAsync("Awaiting payment");
        await phone.FillAsync("[data-testid=card-number]", "4242 4242 4242 4242");
        await phone.SelectOptionAsync("[data-testid=card-month]", "12");
        await phone.SelectOptionAsync("[data-testid=card-year]", (DateTime.UtcNow.Year + 3).ToString(CultureInfo.InvariantCulture));
        await phone.FillAsync("[data-testid=card-cvc]", "123");
        await server.ScreenshotAsync(phone, "44-shop-pay");
        await phone.ClickAsync("[data-testid=pay]");
        await Assertions.Expect(phone.Locator(".flash")).ToContainTextAsync("Payment received: 206.76 EUR");
        await Assertions.Expect(phone.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "processing");
        await Assertions.Expect(phone.GetByTestId("order-payments")).ToContainTextAsync("4242");
        await server.ScreenshotAsync(phone, "45-shop-order-paid");

        await phone.GotoAsync("/app/orders");
        await Assertions.Expect(phone.GetByTestId("my-orders")).ToContainTextAsync(orderNumber);
        Assert.True(await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "the orders page is wider than the phone");
        await context.DisposeAsync();

        // An admin, on a desktop, moves the order through its states.
        var admin = await server.NewPageAsync();
        await ProductServer.LoginAsync(admin, "admin", "admin");
        await admin.ClickAsync("nav a[data-nav=admin-shop-orders]");
        await Assertions.Expect(admin).ToHaveURLAsync(new Regex("/admin/shop/orders$"));
        await admin.FillAsync("#q", orderNumber);
        await admin.ClickAsync("[data-testid=order-filters] button[type=submit]");
        await Assertions.Expect(admin).ToHaveURLAsync(new Regex("[?&]q=" + orderNumber)); // the filtered list, not the one it replaces
        await admin.GetByTestId("admin-orders").Locator("a", new() { HasText = orderNumber }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("order-status")).ToHaveTextAsync("Paid, being set up");
        await Assertions.Expect(admin.GetByTestId("order-timeline")).ToContainTextAsync("Paid");

        await admin.ClickAsync("[data-testid=action-activate]");
        await Assertions.Expect(admin.GetByTestId("order-status")).ToHaveTextAsync("Running");
        await Assertions.Expect(admin.GetByTestId("order-timeline")).ToContainTextAsync("Service started");
        await server.ScreenshotAsync(admin, "46-shop-admin-order-running");

        await admin.ClickAsync("[data-testid=action-complete]");
        await Assertions.Expect(admin.GetByTestId("order-status")).ToHaveTextAsync("Completed");
        await Assertions.Expect(admin.GetByTestId("order-timeline").Locator(".tl-item")).ToHaveCountAsync(4); // placed, paid, started, completed
        await Assertions.Expect(admin.GetByTestId("order-timeline")).ToContainTextAsync("by Demo Admin");
        await Assertions.Expect(admin.GetByTestId("order-actions")).ToContainTextAsync("This order is final");
        await server.ScreenshotAsync(admin, "47-shop-admin-order-completed");
    }
}
