using Ecosystem.Retention.Adapters;
using Ecosystem.Platform.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Retention.Adapters;

public sealed class RetentionAdaptersTests
{
    private static InvalidOperationException Refused(Dictionary<string, string?> settings) =>
        Assert.Throws<InvalidOperationException>(() => AdapterHost.Build(settings));

    [Fact]
    public void Without_settings_the_built_in_agent_stays_and_no_real_adapter_is_registered()
    {
        using var services = AdapterHost.Build(new Dictionary<string, string?>());

        var settings = services.GetRequiredService<RetentionAdapterSettings>();
        Assert.Equal(("builtin", (string?)null), (settings.AiProvider, settings.AiModel));
        Assert.Null(services.GetService<IChatClient>());
        Assert.Empty(services.GetServices<CspAllowance>());
    }

    [Fact]
    public void Openai_provides_the_chat_client()
    {
        using var services = AdapterHost.Build(new Dictionary<string, string?>
        {
            ["Retention:Ai:Provider"] = "openai",
            ["Retention:Ai:BaseUrl"] = "http://127.0.0.1:11434/v1",
            ["Retention:Ai:Model"] = "llama3.1",
        });

        Assert.IsType<OpenAiCompatibleChatClient>(services.GetRequiredService<IChatClient>());
        Assert.Equal("llama3.1", services.GetRequiredService<RetentionAdapterSettings>().AiModel);
        Assert.Equal(new Uri("http://127.0.0.1:11434/v1/"), services.GetRequiredService<OpenAiChatOptions>().BaseUri);
    }

    [Fact]
    public void With_the_shared_gateway_on_Stripe_the_chat_page_may_load_Stripe_js()
    {
        using var services = AdapterHost.Build(new Dictionary<string, string?>
        {
            ["Payments:Provider"] = "stripe",
            ["Payments:Stripe:SecretKey"] = "sk_test_abc",
            ["Payments:Stripe:PublishableKey"] = "pk_test_abc",
        });

        var allowance = Assert.Single(services.GetServices<CspAllowance>());
        Assert.Equal(("/chat/", "https://js.stripe.com", "https://api.stripe.com"), (allowance.PathPrefix, allowance.ScriptSrc.Single(), allowance.ConnectSrc.Single()));
    }

    [Theory]
    [InlineData("Retention:Payments:Provider", "stripe", "use Payments:Provider")]
    [InlineData("Retention:Stripe:SecretKey", "sk_test_oldPlace", "use Payments:Stripe:SecretKey")]
    [InlineData("Retention:Stripe:PublishableKey", "pk_test_oldPlace", "use Payments:Stripe:PublishableKey")]
    [InlineData("Retention:Stripe:ApiVersion", "2024-06-20", "Stripe.net pins the API version")]
    public void The_old_payment_keys_stop_the_start_instead_of_silently_falling_back_to_the_simulated_gateway(string key, string value, string expected)
    {
        var ex = Refused(new Dictionary<string, string?> { [key] = value });

        Assert.Contains(key + " is no longer read", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, ex.Message, StringComparison.Ordinal);
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
    [InlineData("Retention:Ai:Provider", "gpt", "Retention:Ai:Provider must be one of builtin, openai")]
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
        var ai = new OpenAiChatOptions { ApiKey = "sk-printme", Model = "m" };

        Assert.DoesNotContain("printme", ai.ToString(), StringComparison.Ordinal);
    }
}
