using System.Globalization;
using Ecosystem.Platform;
using Ecosystem.Platform.Payments;
using Ecosystem.Platform.Payments.Stripe;
using Ecosystem.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Tests.Platform.Payments;

/// <summary>The Stripe.net adapter against the local fake Stripe API, registered as the platform registers it.</summary>
public sealed class StripePaymentGatewayTests : IAsyncLifetime
{
    private FakeStripe stripe = null!;
    private readonly CapturingLoggerProvider logs = new();
    private readonly List<ServiceProvider> providers = [];

    public async ValueTask InitializeAsync() => stripe = await FakeStripe.StartAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var p in providers) await p.DisposeAsync();
        await stripe.DisposeAsync();
    }

    /// <summary>No retries unless asked: Stripe.net's back-off would make the failure tests slow.</summary>
    private IPaymentGateway Gateway(string secretKey = FakeStripe.SecretKey, string? baseUrl = null, int? timeoutSeconds = null, int retries = 0)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Payments:Provider"] = "stripe",
            ["Payments:Stripe:SecretKey"] = secretKey,
            ["Payments:Stripe:PublishableKey"] = "pk_test_fake",
            ["Payments:Stripe:BaseUrl"] = baseUrl ?? stripe.BaseAddress.ToString(),
            ["Payments:Stripe:TimeoutSeconds"] = timeoutSeconds?.ToString(CultureInfo.InvariantCulture),
            ["Payments:Stripe:MaxNetworkRetries"] = retries.ToString(CultureInfo.InvariantCulture),
        };
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddPayments(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var provider = services.BuildServiceProvider();
        providers.Add(provider);
        return provider.GetRequiredService<IPaymentGateway>();
    }

    private static CardSetupRequest Request(string token, string customerRef = "rcus_1", string key = "attempt-1") =>
        new(customerRef, "ada@example.com", "Ada Lovelace", key, null, token);

    private RecordedRequest Only(string method, string path) => Assert.Single(stripe.Requests, r => r.Method == method && r.Path == path);

    /// <summary>A customer with a saved card, as the shop would have it before charging.</summary>
    private async Task<(IPaymentGateway Gateway, string Customer)> SavedCardAsync(int retries = 0)
    {
        var gateway = Gateway(retries: retries);
        var saved = await gateway.SetupCardAsync(Request("pm_card_visa", customerRef: "shop_42", key: "save-card"), CancellationToken.None);
        Assert.True(saved.Succeeded, saved.Message);
        return (gateway, saved.GatewayCustomerId!);
    }

    private static ChargeRequest Charge(string customer, string pm, long amount = 4900, string key = "order-1", bool offSession = false, string currency = "USD") =>
        new("shop_42", customer, pm, new Money(amount, currency), "Order 1", key, offSession, new Dictionary<string, string> { ["order_id"] = "ord_1" });

    // ---- Card setup (moved from Retention) ----

    [Fact]
    public async Task A_new_customer_is_created_then_the_card_is_saved_with_a_confirmed_off_session_SetupIntent()
    {
        var gateway = Gateway();
        Assert.Equal("stripe", gateway.Name);

        var result = await gateway.SetupCardAsync(Request("pm_card_visa"), CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(("pm_card_visa", "visa", "4242", 12, 2034), (result.GatewayPaymentMethodId, result.Brand, result.Last4, result.ExpMonth!.Value, result.ExpYear!.Value));
        Assert.Equal("cus_fake1", result.GatewayCustomerId);

        var search = Only("GET", "/v1/customers/search");
        Assert.Contains("metadata['ecosystem_customer_ref']:'rcus_1'", Uri.UnescapeDataString(search.Query), StringComparison.Ordinal);

        var customer = Only("POST", "/v1/customers");
        Assert.Equal(("ada@example.com", "Ada Lovelace", "rcus_1"), (customer.Field("email"), customer.Field("name"), customer.Field("metadata[ecosystem_customer_ref]")));
        Assert.Equal("ecosystem-customer-rcus_1", customer.Header("Idempotency-Key"));

        var setup = Only("POST", "/v1/setup_intents");
        Assert.Equal(stripe.Customers["rcus_1"], setup.Field("customer"));
        Assert.Equal("pm_card_visa", setup.Field("payment_method"));
        Assert.Equal("true", setup.Field("confirm"), ignoreCase: true);
        Assert.Equal("off_session", setup.Field("usage"));
        Assert.Equal("card", setup.Field("allowed_payment_method_types[0]"));
        Assert.Equal("payment_method", setup.Field("expand[0]"));
        Assert.Equal("rcus_1", setup.Field("metadata[ecosystem_customer_ref]"));
        Assert.Equal("attempt-1:setup_intent", setup.Header("Idempotency-Key"));

        Assert.All(stripe.Requests, r =>
        {
            Assert.Equal("Bearer " + FakeStripe.SecretKey, r.Header("Authorization"));
            Assert.Equal(global::Stripe.StripeConfiguration.ApiVersion, r.Header("Stripe-Version")); // pinned by Stripe.net
            Assert.Null(r.Header("X-Stripe-Client-Telemetry"));
        });
    }

    [Fact]
    public async Task An_existing_Stripe_customer_is_found_by_our_customer_ref_and_not_created_again()
    {
        stripe.Customers["rcus_7"] = "cus_existing";

        var result = await Gateway().SetupCardAsync(Request("pm_card_mastercard", customerRef: "rcus_7"), CancellationToken.None);

        Assert.Equal(PaymentOutcome.Succeeded, result.Status);
        Assert.Equal(("mastercard", "4444", "cus_existing"), (result.Brand, result.Last4, result.GatewayCustomerId));
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
    public async Task Setup_declines_map_onto_our_statuses_and_keep_no_card_details(string token, PaymentOutcome expected, string messagePart)
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
    [InlineData("authentication_required", "authentication_required", PaymentOutcome.AuthenticationRequired)]
    [InlineData("card_declined", "authentication_required", PaymentOutcome.AuthenticationRequired)]
    [InlineData("processing_error", null, PaymentOutcome.ProcessingError)]
    [InlineData("incorrect_cvc", null, PaymentOutcome.Declined)]
    public void Decline_codes_map_as_documented(string? code, string? declineCode, PaymentOutcome expected) =>
        Assert.Equal(expected, StripePaymentGateway.MapDecline(code, declineCode));

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

    // ---- Charges ----

    [Fact]
    public async Task A_charge_is_a_confirmed_PaymentIntent_on_the_saved_card_with_our_customer_ref_and_the_callers_key()
    {
        var (gateway, customer) = await SavedCardAsync();

        var result = await gateway.ChargeAsync(Charge(customer, "pm_card_visa", offSession: true), CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(("pi_fake1", new Money(4900, "USD")), (result.PaymentId, result.Amount));
        var post = Only("POST", "/v1/payment_intents");
        Assert.Equal(("4900", "usd", customer, "pm_card_visa"), (post.Field("amount"), post.Field("currency"), post.Field("customer"), post.Field("payment_method")));
        Assert.Equal("true", post.Field("confirm"), ignoreCase: true);
        Assert.Equal("true", post.Field("off_session"), ignoreCase: true);
        Assert.Equal("card", post.Field("allowed_payment_method_types[0]"));
        Assert.Equal(("shop_42", "ord_1", "Order 1"), (post.Field("metadata[ecosystem_customer_ref]"), post.Field("metadata[order_id]"), post.Field("description")));
        Assert.Equal("order-1:payment_intent", post.Header("Idempotency-Key"));
    }

    [Fact]
    public async Task An_on_session_charge_does_not_claim_to_be_off_session()
    {
        var (gateway, customer) = await SavedCardAsync();

        Assert.True((await gateway.ChargeAsync(Charge(customer, "pm_card_visa"), CancellationToken.None)).Succeeded);

        Assert.Null(Only("POST", "/v1/payment_intents").Field("off_session"));
    }

    [Theory]
    [InlineData("pm_card_chargeDeclined", PaymentOutcome.Declined, "generic_decline", "declined")]
    [InlineData("pm_card_chargeDeclinedInsufficientFunds", PaymentOutcome.InsufficientFunds, "insufficient_funds", "insufficient funds")]
    [InlineData("pm_card_chargeDeclinedExpiredCard", PaymentOutcome.ExpiredCard, "expired_card", "expired")]
    public async Task A_declined_charge_maps_its_reason_and_still_returns_the_PaymentIntent(string pm, PaymentOutcome expected, string declineCode, string messagePart)
    {
        var (gateway, customer) = await SavedCardAsync();

        var result = await gateway.ChargeAsync(Charge(customer, pm, offSession: true), CancellationToken.None);

        Assert.Equal((expected, declineCode), (result.Outcome, result.DeclineCode));
        Assert.Equal("pi_fake1", result.PaymentId);
        Assert.Contains(messagePart, result.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_card_that_needs_3DS_is_authentication_required_off_session_and_on_session()
    {
        var (gateway, customer) = await SavedCardAsync();

        var off = await gateway.ChargeAsync(Charge(customer, "pm_card_authenticationRequired", key: "renewal-1", offSession: true), CancellationToken.None);
        var on = await gateway.ChargeAsync(Charge(customer, "pm_card_authenticationRequired", key: "checkout-1"), CancellationToken.None);

        Assert.Equal((PaymentOutcome.AuthenticationRequired, "authentication_required", "pi_fake1"), (off.Outcome, off.DeclineCode, off.PaymentId)); // Stripe's 402
        Assert.Equal((PaymentOutcome.AuthenticationRequired, "authentication_required", "pi_fake2"), (on.Outcome, on.DeclineCode, on.PaymentId)); // status requires_action
        Assert.Equal("requires_action", stripe.PaymentIntents["pi_fake2"].Status);
    }

    [Fact]
    public async Task A_repeated_charge_with_the_same_key_is_one_PaymentIntent_and_another_key_is_another()
    {
        var (gateway, customer) = await SavedCardAsync();

        var first = await gateway.ChargeAsync(Charge(customer, "pm_card_visa", key: "order-7"), CancellationToken.None);
        var again = await gateway.ChargeAsync(Charge(customer, "pm_card_visa", key: "order-7"), CancellationToken.None);
        Assert.Equal(first, again);
        Assert.Equal(1, stripe.PaymentIntentsCreated);

        var other = await gateway.ChargeAsync(Charge(customer, "pm_card_visa", key: "order-8"), CancellationToken.None);
        Assert.NotEqual(first.PaymentId, other.PaymentId);
        Assert.Equal(2, stripe.PaymentIntentsCreated);
    }

    [Fact]
    public async Task Stripe_nets_own_retry_after_a_503_resends_the_same_idempotency_key_and_charges_once()
    {
        var (gateway, customer) = await SavedCardAsync(retries: 1);
        stripe.FailNext(1);

        var result = await gateway.ChargeAsync(Charge(customer, "pm_card_visa", key: "order-retry"), CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        var attempts = stripe.Requests.Where(r => r.Path == "/v1/payment_intents").ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal("order-retry:payment_intent", a.Header("Idempotency-Key")));
        Assert.Equal(1, stripe.PaymentIntentsCreated);
    }

    [Fact]
    public async Task A_charge_of_nothing_or_of_an_unknown_card_is_invalid()
    {
        var (gateway, customer) = await SavedCardAsync();

        Assert.Equal(PaymentOutcome.Invalid, (await gateway.ChargeAsync(Charge(customer, "pm_card_visa", amount: 0), CancellationToken.None)).Outcome);
        var unknown = await gateway.ChargeAsync(Charge(customer, "pm_does_not_exist"), CancellationToken.None);
        Assert.Equal(PaymentOutcome.Invalid, unknown.Outcome);
        Assert.Contains("no such saved card", unknown.Message, StringComparison.Ordinal);
    }

    // ---- Refunds ----

    [Fact]
    public async Task Refunds_partial_then_the_rest_then_nothing_more()
    {
        var (gateway, customer) = await SavedCardAsync();
        var charge = await gateway.ChargeAsync(Charge(customer, "pm_card_visa", amount: 5000), CancellationToken.None);

        var part = await gateway.RefundAsync(new RefundRequest(charge.PaymentId!, new Money(2000, "USD"), "refund-1", "requested_by_customer"), CancellationToken.None);
        Assert.True(part.Succeeded, part.Message);
        Assert.Equal(("re_fake1", new Money(2000, "USD"), new Money(2000, "USD")), (part.RefundId, part.Amount, part.RefundedSoFar));
        var post = Assert.Single(stripe.Requests, r => r.Path == "/v1/refunds");
        Assert.Equal((charge.PaymentId, "2000", "requested_by_customer", "charge"), (post.Field("payment_intent"), post.Field("amount"), post.Field("reason"), post.Field("expand[0]")));
        Assert.Equal("refund-1:refund", post.Header("Idempotency-Key"));

        var retried = await gateway.RefundAsync(new RefundRequest(charge.PaymentId!, new Money(2000, "USD"), "refund-1", "requested_by_customer"), CancellationToken.None);
        Assert.Equal(part, retried);
        Assert.Equal(1, stripe.RefundsCreated);

        var rest = await gateway.RefundAsync(new RefundRequest(charge.PaymentId!, null, "refund-2", "Goodwill after a late delivery"), CancellationToken.None);
        Assert.True(rest.Succeeded, rest.Message);
        Assert.Equal((new Money(3000, "USD"), new Money(5000, "USD")), (rest.Amount, rest.RefundedSoFar));
        var restPost = stripe.Requests.Last(r => r.Path == "/v1/refunds");
        Assert.Equal((null, null, "Goodwill after a late delivery"), (restPost.Field("amount"), restPost.Field("reason"), restPost.Field("metadata[reason]")));

        var more = await gateway.RefundAsync(new RefundRequest(charge.PaymentId!, null, "refund-3"), CancellationToken.None);
        Assert.Equal(PaymentOutcome.Invalid, more.Outcome);
        Assert.Contains("already been refunded", more.Message, StringComparison.Ordinal);
        Assert.Equal(5000, stripe.PaymentIntents[charge.PaymentId!].Refunded);
    }

    [Fact]
    public async Task A_refund_over_what_is_left_or_in_another_currency_is_refused()
    {
        var (gateway, customer) = await SavedCardAsync();
        var charge = await gateway.ChargeAsync(Charge(customer, "pm_card_visa", amount: 1000), CancellationToken.None);

        var over = await gateway.RefundAsync(new RefundRequest(charge.PaymentId!, new Money(1500, "USD"), "refund-over"), CancellationToken.None);
        Assert.Equal(PaymentOutcome.Invalid, over.Outcome);
        Assert.Contains("more than what is left", over.Message, StringComparison.Ordinal);

        var euros = await gateway.RefundAsync(new RefundRequest(charge.PaymentId!, new Money(500, "EUR"), "refund-eur"), CancellationToken.None);
        Assert.Equal(PaymentOutcome.Invalid, euros.Outcome);
        Assert.Contains("USD", euros.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(stripe.Requests, r => r.Header("Idempotency-Key") == "refund-eur:refund");

        var unknown = await gateway.RefundAsync(new RefundRequest("pi_nope", null, "refund-nope"), CancellationToken.None);
        Assert.Equal(PaymentOutcome.Invalid, unknown.Outcome);
        Assert.Equal(0, stripe.PaymentIntents[charge.PaymentId!].Refunded);
    }

    [Fact]
    public async Task A_declined_charge_cannot_be_refunded()
    {
        var (gateway, customer) = await SavedCardAsync();
        var declined = await gateway.ChargeAsync(Charge(customer, "pm_card_chargeDeclined"), CancellationToken.None);

        var refund = await gateway.RefundAsync(new RefundRequest(declined.PaymentId!, null, "refund-declined"), CancellationToken.None);

        Assert.Equal(PaymentOutcome.Invalid, refund.Outcome);
    }

    // ---- Subscriptions ----

    [Fact]
    public async Task A_subscription_with_a_trial_then_cancelled_at_period_end_then_now()
    {
        var (gateway, customer) = await SavedCardAsync();
        var before = DateTimeOffset.UtcNow;

        var sub = await gateway.SubscribeAsync(new SubscriptionRequest("shop_42", customer, "pm_card_visa", "price_monthly", new Money(900, "USD"), BillingInterval.Month, 14, "sub-1",
            new Dictionary<string, string> { ["plan"] = "basic" }), CancellationToken.None);

        Assert.True(sub.Succeeded, sub.Message);
        Assert.Equal(("sub_fake1", "trialing", false), (sub.SubscriptionId, sub.Status, sub.CancelAtPeriodEnd));
        Assert.InRange(sub.TrialEnd!.Value, before.AddDays(14).AddSeconds(-5), before.AddDays(14).AddMinutes(1));
        Assert.Equal(sub.TrialEnd, sub.CurrentPeriodEnd);
        var post = Only("POST", "/v1/subscriptions");
        Assert.Equal((customer, "pm_card_visa", "price_monthly", "14"), (post.Field("customer"), post.Field("default_payment_method"), post.Field("items[0][price]"), post.Field("trial_period_days")));
        Assert.Equal(("shop_42", "basic", "sub-1:subscription"), (post.Field("metadata[ecosystem_customer_ref]"), post.Field("metadata[plan]"), post.Header("Idempotency-Key")));

        var atEnd = await gateway.CancelSubscriptionAsync(new CancelSubscriptionRequest(sub.SubscriptionId!, true, "cancel-1"), CancellationToken.None);
        Assert.True(atEnd.Succeeded, atEnd.Message);
        Assert.Equal(("trialing", true, sub.CurrentPeriodEnd), (atEnd.Status, atEnd.CancelAtPeriodEnd, atEnd.CurrentPeriodEnd));
        var update = Only("POST", "/v1/subscriptions/sub_fake1");
        Assert.Equal("true", update.Field("cancel_at_period_end"), ignoreCase: true);
        Assert.Equal("cancel-1:cancel_at_period_end", update.Header("Idempotency-Key"));

        var now = await gateway.CancelSubscriptionAsync(new CancelSubscriptionRequest(sub.SubscriptionId!, false, "cancel-2"), CancellationToken.None);
        Assert.Equal((PaymentOutcome.Succeeded, "canceled"), (now.Outcome, now.Status));
        Assert.Equal("cancel-2:cancel", Only("DELETE", "/v1/subscriptions/sub_fake1").Header("Idempotency-Key"));

        // Cancelling what is already cancelled (another key, so Stripe refuses it) is done, not an error.
        var again = await gateway.CancelSubscriptionAsync(new CancelSubscriptionRequest(sub.SubscriptionId!, false, "cancel-3"), CancellationToken.None);
        Assert.Equal((PaymentOutcome.Succeeded, "canceled"), (again.Outcome, again.Status));
    }

    [Fact]
    public async Task A_subscription_without_trial_starts_active_and_one_whose_first_payment_fails_is_incomplete()
    {
        var (gateway, customer) = await SavedCardAsync();

        var active = await gateway.SubscribeAsync(new SubscriptionRequest("shop_42", customer, "pm_card_visa", "price_yearly", new Money(9000, "USD"), BillingInterval.Year, 0, "sub-a"), CancellationToken.None);
        Assert.Equal((PaymentOutcome.Succeeded, "active"), (active.Outcome, active.Status));
        Assert.Null(active.TrialEnd);
        Assert.True(active.CurrentPeriodEnd > DateTimeOffset.UtcNow.AddDays(360));
        Assert.Null(Only("POST", "/v1/subscriptions").Field("trial_period_days"));

        var incomplete = await gateway.SubscribeAsync(new SubscriptionRequest("shop_42", customer, "pm_card_chargeDeclined", "price_monthly", new Money(900, "USD"), BillingInterval.Month, 0, "sub-b"), CancellationToken.None);
        Assert.Equal((PaymentOutcome.Declined, "incomplete"), (incomplete.Outcome, incomplete.Status));
        Assert.NotNull(incomplete.SubscriptionId);

        var unknownPrice = await gateway.SubscribeAsync(new SubscriptionRequest("shop_42", customer, "pm_card_visa", "price_nope", new Money(900, "USD"), BillingInterval.Month, 0, "sub-c"), CancellationToken.None);
        Assert.Equal(PaymentOutcome.Invalid, unknownPrice.Outcome);
        Assert.Contains("price", unknownPrice.Message, StringComparison.Ordinal);

        var unknown = await gateway.CancelSubscriptionAsync(new CancelSubscriptionRequest("sub_nope", false, "cancel-nope"), CancellationToken.None);
        Assert.Equal(PaymentOutcome.Invalid, unknown.Outcome);
    }

    // ---- Technical failures ----

    [Fact]
    public async Task A_Stripe_server_error_is_a_processing_error_for_every_call()
    {
        var (gateway, customer) = await SavedCardAsync();

        var setup = await gateway.SetupCardAsync(Request("pm_fake_server_error", key: "k-500"), CancellationToken.None);
        var charge = await gateway.ChargeAsync(Charge(customer, "pm_fake_server_error"), CancellationToken.None);

        Assert.Equal((PaymentOutcome.ProcessingError, PaymentOutcome.ProcessingError), (setup.Status, charge.Outcome));
        Assert.Contains("could not process", setup.Message, StringComparison.Ordinal);
        Assert.Contains("could not process", charge.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_is_not_Stripe_json_is_a_processing_error()
    {
        var result = await Gateway().SetupCardAsync(Request("pm_fake_not_json"), CancellationToken.None);

        Assert.Equal(PaymentOutcome.ProcessingError, result.Status);
        Assert.Contains("unexpected answer", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_payment_method_token_at_setup_is_a_processing_error_not_a_crash()
    {
        var result = await Gateway().SetupCardAsync(Request("pm_does_not_exist"), CancellationToken.None);
        Assert.Equal(PaymentOutcome.ProcessingError, result.Status);
    }

    [Fact]
    public async Task A_wrong_secret_key_is_a_processing_error_that_says_the_provider_is_misconfigured()
    {
        var gateway = Gateway(secretKey: "sk_test_wrong_key_value_123");

        var setup = await gateway.SetupCardAsync(Request("pm_card_visa"), CancellationToken.None);
        var refund = await gateway.RefundAsync(new RefundRequest("pi_1", null, "r-1"), CancellationToken.None);

        Assert.Equal((PaymentOutcome.ProcessingError, PaymentOutcome.ProcessingError), (setup.Status, refund.Outcome));
        Assert.Contains("not configured correctly", setup.Message, StringComparison.Ordinal);
        Assert.Contains("not configured correctly", refund.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_test_wrong_key_value_123", logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_Stripe_times_out_as_a_processing_error()
    {
        stripe.Delay = TimeSpan.FromSeconds(5);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var gateway = Gateway(timeoutSeconds: 1);
        var setup = await gateway.SetupCardAsync(Request("pm_card_visa"), CancellationToken.None);
        var charge = await gateway.ChargeAsync(Charge("cus_fake1", "pm_card_visa"), CancellationToken.None);

        Assert.Equal((PaymentOutcome.ProcessingError, PaymentOutcome.ProcessingError), (setup.Status, charge.Outcome));
        Assert.Contains("in time", setup.Message, StringComparison.Ordinal);
        Assert.Contains("in time", charge.Message, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(4.5), started.Elapsed.ToString());
    }

    [Fact]
    public async Task An_unreachable_Stripe_is_a_processing_error_for_every_call()
    {
        var closed = stripe.BaseAddress;
        await stripe.DisposeAsync();
        var gateway = Gateway(baseUrl: closed.ToString());

        var setup = await gateway.SetupCardAsync(Request("pm_card_visa"), CancellationToken.None);
        var charge = await gateway.ChargeAsync(Charge("cus_1", "pm_card_visa"), CancellationToken.None);
        var refund = await gateway.RefundAsync(new RefundRequest("pi_1", new Money(100, "USD"), "r-1"), CancellationToken.None);
        var sub = await gateway.SubscribeAsync(new SubscriptionRequest("shop_42", "cus_1", "pm_card_visa", "price_monthly", new Money(900, "USD"), BillingInterval.Month, 0, "s-1"), CancellationToken.None);
        var cancel = await gateway.CancelSubscriptionAsync(new CancelSubscriptionRequest("sub_1", true, "c-1"), CancellationToken.None);

        Assert.All(new[] { setup.Message, charge.Message, refund.Message, sub.Message, cancel.Message }, m => Assert.Contains("could not be reached", m, StringComparison.Ordinal));
        Assert.All(new[] { setup.Status, charge.Outcome, refund.Outcome, sub.Outcome, cancel.Outcome }, o => Assert.Equal(PaymentOutcome.ProcessingError, o));
        stripe = await FakeStripe.StartAsync(); // for DisposeAsync
    }

    [Fact]
    public async Task The_caller_cancelling_is_not_turned_into_a_result()
    {
        stripe.Delay = TimeSpan.FromSeconds(5);
        var gateway = Gateway(retries: 2);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gateway.SetupCardAsync(Request("pm_card_visa"), cts.Token));
        using var cts2 = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gateway.ChargeAsync(Charge("cus_1", "pm_card_visa"), cts2.Token));
    }

    [Fact]
    public async Task The_secret_key_and_card_data_never_reach_the_logs_even_at_trace_level()
    {
        var (gateway, customer) = await SavedCardAsync();
        foreach (var token in new[] { "pm_card_chargeDeclined", "pm_fake_server_error", "pm_does_not_exist" })
        {
            await gateway.SetupCardAsync(Request(token, key: "k-" + token), CancellationToken.None);
        }

        var charge = await gateway.ChargeAsync(Charge(customer, "pm_card_visa"), CancellationToken.None);
        await gateway.ChargeAsync(Charge(customer, "pm_card_authenticationRequired", key: "k-3ds", offSession: true), CancellationToken.None);
        await gateway.RefundAsync(new RefundRequest(charge.PaymentId!, new Money(100, "USD"), "k-refund"), CancellationToken.None);
        await gateway.RefundAsync(new RefundRequest(charge.PaymentId!, new Money(99999, "USD"), "k-over"), CancellationToken.None);
        var sub = await gateway.SubscribeAsync(new SubscriptionRequest("shop_42", customer, "pm_card_visa", "price_monthly", new Money(900, "USD"), BillingInterval.Month, 7, "k-sub"), CancellationToken.None);
        await gateway.CancelSubscriptionAsync(new CancelSubscriptionRequest(sub.SubscriptionId!, true, "k-cancel"), CancellationToken.None);
        await Gateway(secretKey: FakeStripe.SecretKey + "x").ChargeAsync(Charge(customer, "pm_card_visa", key: "k-wrong"), CancellationToken.None);

        Assert.Contains(logs.Lines, l => l.Contains("PaymentIntent", StringComparison.Ordinal)); // the capture works
        Assert.Contains(logs.Lines, l => l.Contains("refused the request", StringComparison.Ordinal));
        Assert.DoesNotContain(FakeStripe.SecretKey, logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_test_51", logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", logs.All, StringComparison.Ordinal);
    }
}
