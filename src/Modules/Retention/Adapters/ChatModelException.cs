namespace Ecosystem.Retention.Adapters;

/// <summary>A failed call to the OpenAI-compatible endpoint. The message never contains the API key.</summary>
internal sealed class ChatModelException(ChatModelFailure failure, int? statusCode, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ChatModelFailure Failure { get; } = failure;
    public int? StatusCode { get; } = statusCode;
}
