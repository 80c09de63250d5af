namespace Ecosystem.Retention.Adapters;

/// <summary>Which chat adapter is active, for the module's registration and pages (no secrets in here). The payment gateway is the shared core's (<c>Payments:Provider</c>).</summary>
/// <param name="AiProvider"><c>builtin</c> (default) or <c>openai</c>.</param>
/// <param name="AiModel">The configured model when <paramref name="AiProvider"/> is <c>openai</c>.</param>
internal sealed record RetentionAdapterSettings(string AiProvider, string? AiModel)
{
    public bool UsesOpenAi => AiProvider == OpenAiCompatibleChatClient.ProviderName;
}
