using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ecosystem.Tests.Platform.Payments;
using Microsoft.Playwright;

namespace Ecosystem.EndToEnd;

/// <summary>The product configured with the Stripe gateway, whose server side talks to the local fake Stripe API.</summary>
public sealed class StripeChatServer : ProductServer
{
    public const string PublishableKey = "pk_test_e2eFakePublishable";

    public FakeStripe Stripe { get; private set; } = null!;

    protected override async Task<(string BaseUrl, IAsyncDisposable Product)> StartProductAsync(string connectionString)
    {
        Stripe = await FakeStripe.StartAsync();
        return await base.StartProductAsync(connectionString);
    }

    protected override void Configure(IDictionary<string, string?> environment)
    {
        environment["Payments__Provider"] = "stripe";
        environment["Payments__Stripe__SecretKey"] = FakeStripe.SecretKey;
        environment["Payments__Stripe__PublishableKey"] = PublishableKey;
        environment["Payments__Stripe__BaseUrl"] = Stripe.BaseAddress.ToString();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Stripe is not null) await Stripe.DisposeAsync();
    }
}

/// <summary>
/// The customer saves a card through Stripe's form on the chat page. The browser's Stripe is a small fake served by the
/// test in place of https://js.stripe.com/v3/ (its card input in an iframe from js.stripe.com, its PaymentMethod made
/// by a call to https://api.stripe.com, both routed by Playwright), so the page's CSP must really allow those origins.
/// </summary>
public sealed class RetentionStripeTests(StripeChatServer server) : IClassFixture<StripeChatServer>
{
    private const string FakeStripeJs = """
        (function () {
          var number = "";
          window.addEventListener("message", function (e) {
            if (e.origin === "https://js.stripe.com" && e.data && typeof e.data.fakeStripeNumber === "string") number = e.data.fakeStripeNumber;
          });
          window.Stripe = function (key) {
            return {
              elements: function () {
                return { create: function () {
                  return { mount: function (host) {
                    var frame = document.createElement("iframe");
                    frame.src = "https://js.stripe.com/v3/elements-inner-card-fake.html";
                    frame.title = "Secure card payment input frame";
                    frame.style.cssText = "display:block;width:100%;height:28px;border:0";
                    host.appendChild(frame);
                  } };
                } };
              },
              createPaymentMethod: function (data) {
                return fetch("https://api.stripe.com/v1/payment_methods", {
                  method: "POST",
                  headers: { "Content-Type": "application/x-www-form-urlencoded" },
                  body: "type=" + encodeURIComponent(data.type) + "&card%5Bnumber%5D=" + encodeURIComponent(number.replace(/\s+/g, "")) + "&key=" + encodeURIComponent(key)
                }).then(function (r) { return r.json(); }).then(function (j) { return j.error ? { error: j.error } : { paymentMethod: j }; });
              }
            };
          };
        })();
        """;

    private const string FakeCardFrame = """
        <!doctype html><html style="overflow:hidden"><body style="margin:0;overflow:hidden">
        <input name="cardnumber" placeholder="Card number" autocomplete="cc-number" inputmode="numeric" style="box-sizing:border-box;width:100%;height:28px;line-height:28px;border:0;outline:0;padding:0;font-size:16px;font-family:sans-serif;color:#111" />
        <script>document.querySelector("input").addEventListener("input", function (e) { parent.postMessage({ fakeStripeNumber: e.target.value }, "*"); });</script>
        </body></html>
        """;

    [Fact]
    public async Task The_customer_saves_the_card_in_Stripe_s_form_and_only_the_payment_method_id_reaches_the_server()
    {
        var api = await server.ApiClientAsync("admin", "admin");
        var list = JsonDocument.Parse(await api.GetStringAsync("/api/retention/customers?status=at-risk&riskCategory=failed-payment&riskSeverity=high"));
        var customerId = list.RootElement.GetProperty("items")[0].GetProperty("customerId").GetString()!;
        var started = await api.PostAsync($"/api/retention/customers/{customerId}/interventions", null);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        using var body = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        var chatPath = new Uri(body.RootElement.GetProperty("chatUrl").GetString()!).PathAndQuery;

        var context = await server.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var phone = await context.NewPageAsync();
        var stripeKeysSeen = new List<string>();
        await phone.RouteAsync(new Regex(@"^https://js\.stripe\.com/v3/?$"), route => route.FulfillAsync(new() { Status = 200, ContentType = "application/javascript", Body = FakeStripeJs }));
        await phone.RouteAsync(new Regex(@"^https://js\.stripe\.com/v3/elements-inner-card-fake\.html$"), route => route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = FakeCardFrame }));
        await phone.RouteAsync(new Regex(@"^https://api\.stripe\.com/v1/payment_methods$"), async route =>
        {
            var form = System.Web.HttpUtility.ParseQueryString(route.Request.PostData ?? "");
            stripeKeysSeen.Add(form["key"] ?? "");
            var (status, json) = form["card[number]"] switch
            {
                "4242424242424242" => (200, """{"id":"pm_card_visa","object":"payment_method","type":"card","card":{"brand":"visa","last4":"4242"}}"""),
                "4000000000000002" => (200, """{"id":"pm_card_chargeDeclined","object":"payment_method","type":"card","card":{"brand":"visa","last4":"0002"}}"""),
                _ => (402, """{"error":{"type":"validation_error","code":"incomplete_number","message":"Your card number is incomplete."}}"""),
            };
            await route.FulfillAsync(new() { Status = status, ContentType = "application/json", Body = json, Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = "*" } });
        });
        var toOurServer = new List<string>();
        phone.Request += (_, request) =>
        {
            if (request.Url.StartsWith(server.BaseUrl, StringComparison.Ordinal)) lock (toOurServer) toOurServer.Add(request.Url + " " + request.PostData);
        };

        var page = await phone.GotoAsync(chatPath);
        var csp = await page!.HeaderValueAsync("content-security-policy");
        Assert.Contains("script-src 'self' https://js.stripe.com", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self' https://api.stripe.com", csp, StringComparison.Ordinal);
        await phone.FillAsync("[data-testid=chat-input]", "ok, let's update it");
        await phone.ClickAsync("[data-testid=chat-send]");
        await Assertions.Expect(phone.GetByTestId("card-form")).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator("[data-testid=card-number]")).ToHaveCountAsync(0); // not our card fields
        var card = phone.FrameLocator("[data-testid=stripe-card] iframe").Locator("input[name=cardnumber]");

        // Stripe refuses an incomplete number in the browser: its message shows, nothing is sent to us.
        await card.FillAsync("4242 4242");
        await phone.ClickAsync("[data-testid=card-submit]");
        await Assertions.Expect(phone.Locator(".card-form [data-field=card-error]")).ToHaveTextAsync("Your card number is incomplete.");
        Assert.DoesNotContain(server.Stripe.Requests, r => r.Path == "/v1/setup_intents");

        await card.FillAsync("4242 4242 4242 4242");
        await server.ScreenshotAsync(phone, "40-chat-stripe-card-form");
        await phone.ClickAsync("[data-testid=card-submit]");
        await Assertions.Expect(phone.GetByTestId("chat-done")).ToContainTextAsync("card is updated");
        await server.ScreenshotAsync(phone, "41-chat-stripe-completed");

        Assert.All(stripeKeysSeen, k => Assert.Equal(StripeChatServer.PublishableKey, k));
        var setup = Assert.Single(server.Stripe.Requests, r => r.Path == "/v1/setup_intents");
        Assert.Equal("pm_card_visa", setup.Field("payment_method"));
        lock (toOurServer)
        {
            Assert.Contains(toOurServer, r => r.Contains("/payment-method", StringComparison.Ordinal) && r.Contains("\"paymentMethodId\":\"pm_card_visa\"", StringComparison.Ordinal));
            Assert.DoesNotContain(toOurServer, r => r.Contains("4242 4242", StringComparison.Ordinal) || r.Contains("42424242", StringComparison.Ordinal));
        }

        var customer = JsonDocument.Parse(await api.GetStringAsync($"/api/retention/customers/{customerId}"));
        var saved = customer.RootElement.GetProperty("paymentMethods").EnumerateArray().Single(p => p.GetProperty("isDefault").GetBoolean());
        Assert.Equal(("4242", "stripe"), (saved.GetProperty("lastFourDigits").GetString(), saved.GetProperty("gateway").GetString()));
        await context.DisposeAsync();
    }
}
