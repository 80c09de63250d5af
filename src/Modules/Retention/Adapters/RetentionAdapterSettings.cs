namespace Ecosystem.Retention.Adapters;

/// <summary>Which adapters are active, for the module's registration and pages (no secrets in here).</summary>
/// <param name="PaymentsProvider"><c>simulated</c> (default) or <c>stripe</c>.</param>
/// <param name="AiProvider"><c>builtin</c> (default) or <c>openai</c>.</param>
/// <param name="AiModel">The configured model when <paramref name="AiProvider"/> is <c>openai</c>.</param>
internal sealed record RetentionAdapterSettings(string PaymentsProvider, string AiProvider, string? AiModel)
{
    public bool UsesStripe => PaymentsProvider == StripePaymentGateway.ProviderName;
    public bool UsesOpenAi => AiProvider == OpenAiCompatibleChatClient.ProviderName;
}
