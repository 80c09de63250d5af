using Ecosystem.Retention.Adapters;
using Ecosystem.Platform.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Retention.Adapters;

public sealed class StripePaymentGatewayTests : IAsyncLifetime
{
    private FakeStripe stripe = null!;
    private readonly CapturingLoggerProvider logs = new();

    public async ValueTask InitializeAsync() => stripe = await FakeStripe.StartAsync();

    public async ValueTask DisposeAsync() => await stripe.DisposeAsync();

    private IPaymentGateway Gateway(string secretKey = FakeStripe.SecretKey, string? baseUrl = null, int? timeoutSeconds = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Retention:Payments:Provider"] = "stripe",
            ["Retention:Stripe:SecretKey"] = secretKey,
            ["Retention:Stripe:PublishableKey"] = "pk_test_fake",
            ["Retention:Stripe:BaseUrl"] = baseUrl ?? stripe.BaseAddress.ToString(),
            ["Retention:Stripe:TimeoutSeconds"] = timeoutSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return AdapterHost.Build(settings, logs).GetRequiredService<IPaymentGateway>();
    }

    private static CardSetupRequest Request(string token, string customerRef = "rcus_1", string key = "attempt-1") =>
        new(customerRef, "ada@example.com", "Ada Lovelace", key, null, token);

    private RecordedRequest Only(string method, string path) => Assert.Single(stripe.Requests, r => r.Method == method && r.Path == path);

    [Fact]
    public async Task A_new_customer_is_created_then_the_card_is_saved_with_a_confirmed_off_session_SetupIntent()
    {
        var gateway = Gateway();
        Assert.Equal("stripe", gateway.Name);

        var result = await gateway.SetupCardAsync(Request("pm_card_visa"), CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(("pm_card_visa", "visa", "4242", 12, 2034), (result.GatewayPaymentMethodId, result.Brand, result.Last4, result.ExpMonth!.Value, result.ExpYear!.Value));
        Assert.Equal("cus_fake1", result.GatewayCustomerId); // so Stripe's webhooks about later charges find the customer

        var search = Only("GET", "/v1/customers/search");
        Assert.Contains("ecosystem_customer_ref", Uri.UnescapeDataString(search.Query), StringComparison.Ordinal);

        var customer = Only("POST", "/v1/customers");
        Assert.Equal("ada@example.com", customer.Field("email"));
        Assert.Equal("Ada Lovelace", customer.Field("name"));
        Assert.Equal("rcus_1", customer.Field("metadata[ecosystem_customer_ref]"));
        Assert.Equal("ecosystem-customer-rcus_1", customer.Header("Idempotency-Key"));

        var setup = Only("POST", "/v1/setup_intents");
        Assert.Equal(stripe.Customers["rcus_1"], setup.Field("customer"));
        Assert.Equal("pm_card_visa", setup.Field("payment_method"));
        Assert.Equal("true", setup.Field("confirm"));
        Assert.Equal("off_session", setup.Field("usage"));
        Assert.Equal(["card"], setup.Fields("payment_method_types[]"));
        Assert.Equal("attempt-1:setup_intent", setup.Header("Idempotency-Key"));

        Assert.All(stripe.Requests, r =>
        {
            Assert.Equal("Bearer " + FakeStripe.SecretKey, r.Header("Authorization"));
            Assert.Equal(StripeOptions.DefaultApiVersion, r.Header("Stripe-Version"));
        });
    }

    [Fact]
    public async Task An_existing_Stripe_customer_is_found_by_our_customer_ref_and_not_created_again()
    {
        stripe.Customers["rcus_7"] = "cus_existing";

        var result = await Gateway().SetupCardAsync(Request("pm_card_mastercard", customerRef: "rcus_7"), CancellationToken.None);

        Assert.Equal(PaymentOutcome.Succeeded, result.Status);
        Assert.Equal(("mastercard", "4444"), (result.Brand, result.Last4));
        Assert.DoesNotContain(stripe.Requests, r => r.Path == "/v1/customers");
        Assert.Equal("cus_existing", Only("POST", "/v1/setup_intents").Field("customer"));
    }

    [Fact]
    public async Task A_retried_attempt_with_the_same_idempotency_key_saves_the_card_once()
    {
        var gateway = Gateway();

        var first = await gateway.SetupCardAsync(Request("pm_card_visa", key: "attempt-9"), CancellationToken.None);
        var retry = await gateway.SetupCardAsync(Request("pm_card_visa", key: "attempt-9"), CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.Equal(first, retry);
        Assert.Equal(1, stripe.SetupIntentsCreated);
        Assert.Equal(2, stripe.Requests.Count(r => r.Path == "/v1/setup_intents"));
    }

    [Theory]
    [InlineData("pm_card_chargeDeclined", PaymentOutcome.Declined, "declined")]
    [InlineData("pm_card_chargeDeclinedInsufficientFunds", PaymentOutcome.InsufficientFunds, "insufficient funds")]
    [InlineData("pm_card_chargeDeclinedExpiredCard", PaymentOutcome.ExpiredCard, "expired")]
    [InlineData("pm_card_chargeDeclinedProcessingError", PaymentOutcome.ProcessingError, "error occurred")]
    [InlineData("pm_fake_soft_decline", PaymentOutcome.InsufficientFunds, "insufficient funds")]
    [InlineData("pm_card_authenticationRequired", PaymentOutcome.Declined, "another card")]
    public async Task Stripe_declines_map_onto_our_statuses_and_keep_no_card_details(string token, PaymentOutcome expected, string messagePart)
    {
        var result = await Gateway().SetupCardAsync(Request(token), CancellationToken.None);

        Assert.Equal(expected, result.Status);
        Assert.False(result.Succeeded);
        Assert.Contains(messagePart, result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(result.GatewayPaymentMethodId);
        Assert.Null(result.Last4);
    }

    [Theory]
    [InlineData(null, null, PaymentOutcome.Declined)]
    [InlineData("card_declined", "do_not_honor", PaymentOutcome.Declined)]
    [InlineData("card_declined", "insufficient_funds", PaymentOutcome.InsufficientFunds)]
    [InlineData("expired_card", null, PaymentOutcome.ExpiredCard)]
    [InlineData("card_declined", "expired_card", PaymentOutcome.ExpiredCard)]
    [InlineData("processing_error", null, PaymentOutcome.ProcessingError)]
    [InlineData("incorrect_cvc", null, PaymentOutcome.Declined)]
    public void Decline_codes_map_as_documented(string? code, string? declineCode, PaymentOutcome expected) =>
        Assert.Equal(expected, StripePaymentGateway.MapDecline(code, declineCode));

    [Fact]
    public async Task A_Stripe_server_error_is_a_processing_error()
    {
        var result = await Gateway().SetupCardAsync(Request("pm_fake_server_error"), CancellationToken.None);

        Assert.Equal(PaymentOutcome.ProcessingError, result.Status);
        Assert.Contains("could not process", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_payment_method_token_is_a_processing_error_not_a_crash()
    {
        var result = await Gateway().SetupCardAsync(Request("pm_does_not_exist"), CancellationToken.None);
        Assert.Equal(PaymentOutcome.ProcessingError, result.Status);
    }

    [Fact]
    public async Task A_wrong_secret_key_is_a_processing_error_that_says_the_provider_is_misconfigured()
    {
        var result = await Gateway(secretKey: "sk_test_wrong_key_value_123").SetupCardAsync(Request("pm_card_visa"), CancellationToken.None);

        Assert.Equal(PaymentOutcome.ProcessingError, result.Status);
        Assert.Contains("not configured correctly", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_test_wrong_key_value_123", logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_Stripe_does_not_expand_the_payment_method_it_is_retrieved()
    {
        stripe.IgnoreExpand = true;

        var result = await Gateway().SetupCardAsync(Request("pm_card_visa"), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("4242", result.Last4);
        Only("GET", "/v1/payment_methods/pm_card_visa");
    }

    [Fact]
    public async Task Raw_card_numbers_are_refused_without_calling_Stripe_or_logging_them()
    {
        var request = new CardSetupRequest("rcus_1", "ada@example.com", "Ada", "attempt-1", new CardInput("4242424242424242", 12, 2034, "123"), null);

        var result = await Gateway().SetupCardAsync(request, CancellationToken.None);

        Assert.Equal(PaymentOutcome.ProcessingError, result.Status);
        Assert.Empty(stripe.Requests);
        Assert.Contains("refused raw card input", logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain("4242424242424242", logs.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("tok_visa")]
    public async Task A_missing_or_non_PaymentMethod_token_is_refused_without_calling_Stripe(string? token)
    {
        var result = await Gateway().SetupCardAsync(new CardSetupRequest("rcus_1", "a@example.com", "A", "k", null, token), CancellationToken.None);

        Assert.Equal(PaymentOutcome.ProcessingError, result.Status);
        Assert.Empty(stripe.Requests);
    }

    [Fact]
    public async Task A_slow_Stripe_times_out_as_a_processing_error()
    {
        stripe.Delay = TimeSpan.FromSeconds(5);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await Gateway(timeoutSeconds: 1).SetupCardAsync(Request("pm_card_visa"), CancellationToken.None);

        Assert.Equal(PaymentOutcome.ProcessingError, result.Status);
        Assert.Contains("in time", result.Message, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(4), started.Elapsed.ToString());
    }

    [Fact]
    public async Task An_unreachable_Stripe_is_a_processing_error()
    {
        var closed = stripe.BaseAddress;
        await stripe.DisposeAsync();

        var result = await Gateway(baseUrl: closed.ToString()).SetupCardAsync(Request("pm_card_visa"), CancellationToken.None);

        Assert.Equal(PaymentOutcome.ProcessingError, result.Status);
        Assert.Contains("could not be reached", result.Message, StringComparison.Ordinal);
        stripe = await FakeStripe.StartAsync(); // for DisposeAsync
    }

    [Fact]
    public async Task The_caller_cancelling_is_not_turned_into_a_result()
    {
        stripe.Delay = TimeSpan.FromSeconds(5);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Gateway().SetupCardAsync(Request("pm_card_visa"), cts.Token));
    }

    [Fact]
    public async Task The_secret_key_never_reaches_the_logs_even_at_trace_level()
    {
        var gateway = Gateway();
        foreach (var token in new[] { "pm_card_visa", "pm_card_chargeDeclined", "pm_fake_server_error", "pm_does_not_exist" })
        {
            await gateway.SetupCardAsync(Request(token, key: "k-" + token), CancellationToken.None);
        }

        await Gateway(secretKey: FakeStripe.SecretKey + "x").SetupCardAsync(Request("pm_card_visa", key: "k-wrong"), CancellationToken.None);

        Assert.Contains(logs.Lines, l => l.Contains("SetupIntent", StringComparison.Ordinal)); // the capture works
        Assert.DoesNotContain(FakeStripe.SecretKey, logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_test_51", logs.All, StringComparison.Ordinal);
    }
}
