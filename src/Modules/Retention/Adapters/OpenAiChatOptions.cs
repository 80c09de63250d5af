namespace Ecosystem.Retention.Adapters;

/// <summary><c>Retention:Ai:*</c> for the OpenAI-compatible chat client.</summary>
internal sealed record OpenAiChatOptions
{
    /// <summary>Up to and including the API version segment: <c>https://api.openai.com/v1</c>, <c>http://127.0.0.1:11434/v1</c> (Ollama), <c>http://host:8000/v1</c> (vLLM).</summary>
    public Uri BaseUri { get; init; } = new("https://api.openai.com/v1/");
    public string Model { get; init; } = "";
    /// <summary>Optional (Ollama and vLLM need none). Secret: never logged.</summary>
    public string? ApiKey { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public override string ToString() =>
        $"OpenAiChatOptions {{ BaseUri = {BaseUri}, Model = {Model}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(unset)" : "(set)")}, Timeout = {Timeout.TotalSeconds} s }}";
}
