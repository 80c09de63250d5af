using Ecosystem.Platform.Payments;
using Ecosystem.Platform.Payments.Stripe;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Platform.Payments;

public sealed class PaymentOptionsTests
{
    private sealed class EarlierGateway : IPaymentGateway
    {
        public string Name => "earlier";
        public Task<CardSetupResult> SetupCardAsync(CardSetupRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<SubscriptionResult> SubscribeAsync(SubscriptionRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<SubscriptionResult> CancelSubscriptionAsync(CancelSubscriptionRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private static IConfiguration Config(Dictionary<string, string?> settings) => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IPaymentGateway, EarlierGateway>();
        services.AddPayments(Config(settings));
        return services.BuildServiceProvider();
    }

    private static InvalidOperationException Refused(Dictionary<string, string?> settings) =>
        Assert.Throws<InvalidOperationException>(() => PaymentOptions.From(Config(settings)));

    [Fact]
    public void Without_settings_the_gateway_is_simulated_and_an_earlier_registration_is_kept()
    {
        var options = PaymentOptions.From(Config([]));
        Assert.Equal(("simulated", false), (options.Provider, options.UsesStripe));

        using var services = Build([]);
        Assert.Equal("earlier", Assert.Single(services.GetServices<IPaymentGateway>()).Name);
    }

    [Fact]
    public void Choosing_stripe_replaces_any_earlier_gateway()
    {
        using var services = Build(new()
        {
            ["Payments:Provider"] = "Stripe",
            ["Payments:Stripe:SecretKey"] = "sk_test_abc",
            ["Payments:Stripe:PublishableKey"] = "pk_test_abc",
            ["Payments:Stripe:BaseUrl"] = "http://127.0.0.1:9/stripe",
        });

        Assert.IsType<StripePaymentGateway>(Assert.Single(services.GetServices<IPaymentGateway>()));
        var options = services.GetRequiredService<PaymentOptions>();
        Assert.Equal((true, "pk_test_abc", new Uri("http://127.0.0.1:9/stripe/")), (options.UsesStripe, options.Stripe.PublishableKey, options.Stripe.BaseUri));
        Assert.Equal((TimeSpan.FromSeconds(20), StripeOptions.DefaultMaxNetworkRetries), (options.Stripe.Timeout, options.Stripe.MaxNetworkRetries));
    }

    [Fact]
    public void Stripe_without_keys_stops_the_start_naming_both_keys_and_their_environment_variables()
    {
        var ex = Refused(new() { ["Payments:Provider"] = "stripe" });

        Assert.Contains("Payments:Stripe:SecretKey is not set", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Payments__Stripe__SecretKey", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Payments:Stripe:PublishableKey is not set", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Payments__Stripe__PublishableKey", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pk_live_PublishableButNotSecret", "publishable key")]
    [InlineData("whsec_wrongThingPasted", "must start with sk_ or rk_")]
    public void A_key_that_is_not_a_secret_key_is_refused_without_echoing_it(string key, string expected)
    {
        var ex = Refused(new() { ["Payments:Provider"] = "stripe", ["Payments:Stripe:SecretKey"] = key, ["Payments:Stripe:PublishableKey"] = "pk_test_abc" });

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sk_test_secretPastedAsPublishable")]
    [InlineData("pk_test_<script>")]
    public void The_publishable_key_must_look_like_one_and_is_not_echoed(string key)
    {
        var ex = Refused(new() { ["Payments:Provider"] = "stripe", ["Payments:Stripe:SecretKey"] = "sk_test_abc", ["Payments:Stripe:PublishableKey"] = key });

        Assert.Contains("does not look like a Stripe publishable key", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_key_is_named_in_one_message()
    {
        var ex = Refused(new()
        {
            ["Payments:Provider"] = "paypal",
            ["Payments:Stripe:BaseUrl"] = "ftp://stripe.example",
            ["Payments:Stripe:TimeoutSeconds"] = "0",
            ["Payments:Stripe:MaxNetworkRetries"] = "9",
        });

        Assert.Contains("Payments:Provider must be one of simulated, stripe", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Payments:Stripe:BaseUrl must be an absolute http(s) URL", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Payments:Stripe:TimeoutSeconds must be a whole number of seconds from 1 to 300", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Payments:Stripe:MaxNetworkRetries must be a whole number from 0 to 5", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("paypal", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_never_print_their_secrets()
    {
        var options = new PaymentOptions { Provider = "stripe", Stripe = new StripeOptions { SecretKey = "sk_test_printme", PublishableKey = "pk_test_abc" } };

        Assert.DoesNotContain("printme", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("printme", options.Stripe.ToString(), StringComparison.Ordinal);
        Assert.Contains("SecretKey = (set)", options.ToString(), StringComparison.Ordinal);
    }
}
