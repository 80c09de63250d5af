using Ecosystem.Retention.Adapters;
using Ecosystem.Platform.Payments;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Retention.Adapters;

public sealed class RetentionAdaptersTests
{
    private sealed class DefaultGateway : IPaymentGateway
    {
        public string Name => "simulated";
        public Task<CardSetupResult> SetupCardAsync(CardSetupRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<SubscriptionResult> SubscribeAsync(SubscriptionRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<SubscriptionResult> CancelSubscriptionAsync(CancelSubscriptionRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private static InvalidOperationException Refused(Dictionary<string, string?> settings) =>
        Assert.Throws<InvalidOperationException>(() => AdapterHost.Build(settings));

    [Fact]
    public void Without_settings_the_embedded_defaults_stay_and_no_real_adapter_is_registered()
    {
        using var services = AdapterHost.Build(new Dictionary<string, string?>(), before: s => s.AddSingleton<IPaymentGateway, DefaultGateway>());

        var settings = services.GetRequiredService<RetentionAdapterSettings>();
        Assert.Equal(("simulated", "builtin", (string?)null), (settings.PaymentsProvider, settings.AiProvider, settings.AiModel));
        Assert.Equal("simulated", services.GetRequiredService<IPaymentGateway>().Name);
        Assert.Null(services.GetService<IChatClient>());
    }

    [Fact]
    public void Choosing_stripe_replaces_the_simulated_gateway_and_openai_provides_the_chat_client()
    {
        using var services = AdapterHost.Build(new Dictionary<string, string?>
        {
            ["Retention:Payments:Provider"] = "Stripe",
            ["Retention:Stripe:SecretKey"] = "sk_test_abc",
            ["Retention:Stripe:PublishableKey"] = "pk_test_abc",
            ["Retention:Ai:Provider"] = "openai",
            ["Retention:Ai:BaseUrl"] = "http://127.0.0.1:11434/v1",
            ["Retention:Ai:Model"] = "llama3.1",
        }, before: s => s.AddSingleton<IPaymentGateway, DefaultGateway>());

        Assert.Equal("stripe", Assert.Single(services.GetServices<IPaymentGateway>()).Name);
        Assert.IsType<OpenAiCompatibleChatClient>(services.GetRequiredService<IChatClient>());
        Assert.Equal("llama3.1", services.GetRequiredService<RetentionAdapterSettings>().AiModel);
        Assert.Equal(new Uri("http://127.0.0.1:11434/v1/"), services.GetRequiredService<OpenAiChatOptions>().BaseUri);
    }

    [Fact]
    public void Stripe_without_a_secret_key_stops_the_start_with_a_clear_message()
    {
        var ex = Refused(new Dictionary<string, string?> { ["Retention:Payments:Provider"] = "stripe" });

        Assert.Contains("Retention:Stripe:SecretKey is not set", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Retention__Stripe__SecretKey", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Retention:Stripe:PublishableKey is not set")]
    [InlineData("sk_test_secretPastedAsPublishable", "does not look like a Stripe publishable key")]
    [InlineData("pk_test_<script>", "does not look like a Stripe publishable key")]
    public void Stripe_needs_a_publishable_key_for_the_chat_card_form(string? key, string expected)
    {
        var ex = Refused(new Dictionary<string, string?> { ["Retention:Payments:Provider"] = "stripe", ["Retention:Stripe:SecretKey"] = "sk_test_abc", ["Retention:Stripe:PublishableKey"] = key });

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        if (key is not null) Assert.DoesNotContain(key, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pk_live_PublishableButNotSecret", "publishable key")]
    [InlineData("whsec_wrongThingPasted", "must start with sk_ or rk_")]
    public void A_key_that_is_not_a_secret_key_is_refused_without_echoing_it(string key, string expected)
    {
        var ex = Refused(new Dictionary<string, string?> { ["Retention:Payments:Provider"] = "stripe", ["Retention:Stripe:SecretKey"] = key });

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenAI_without_base_url_and_model_names_both_missing_settings()
    {
        var ex = Refused(new Dictionary<string, string?> { ["Retention:Ai:Provider"] = "openai", ["Retention:Ai:ApiKey"] = "sk-secret-value" });

        Assert.Contains("Retention:Ai:BaseUrl is not set", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Retention:Ai:Model is not set", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret-value", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Retention:Payments:Provider", "paypal", "Retention:Payments:Provider must be one of simulated, stripe")]
    [InlineData("Retention:Ai:Provider", "gpt", "Retention:Ai:Provider must be one of builtin, openai")]
    [InlineData("Retention:Stripe:BaseUrl", "ftp://stripe.example", "Retention:Stripe:BaseUrl must be an absolute http(s) URL")]
    [InlineData("Retention:Stripe:TimeoutSeconds", "0", "Retention:Stripe:TimeoutSeconds must be a whole number of seconds from 1 to 300")]
    public void Invalid_values_are_refused_at_start_up(string key, string value, string expected)
    {
        var ex = Refused(new Dictionary<string, string?> { [key] = value });
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_AI_timeout_is_refused_when_openai_is_chosen()
    {
        var ex = Refused(new Dictionary<string, string?>
        {
            ["Retention:Ai:Provider"] = "openai",
            ["Retention:Ai:BaseUrl"] = "https://api.openai.com/v1",
            ["Retention:Ai:Model"] = "gpt-4o-mini",
            ["Retention:Ai:TimeoutSeconds"] = "ten",
        });
        Assert.Contains("Retention:Ai:TimeoutSeconds must be a whole number of seconds from 1 to 600", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_never_print_their_secrets()
    {
        var stripe = new StripeOptions { SecretKey = "sk_test_printme" };
        var ai = new OpenAiChatOptions { ApiKey = "sk-printme", Model = "m" };

        Assert.DoesNotContain("printme", stripe.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("printme", ai.ToString(), StringComparison.Ordinal);
    }
}
