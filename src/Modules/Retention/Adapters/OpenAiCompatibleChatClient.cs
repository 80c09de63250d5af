using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Retention.Adapters;

/// <summary>
/// <see cref="IChatClient"/> over the OpenAI chat completions API (<c>POST {BaseUrl}/chat/completions</c>), which OpenAI,
/// Ollama (<c>/v1</c>), vLLM, LM Studio and others serve. Text only (no tools): the conversation policy is the module's
/// code; the model only phrases and understands. Maps roles, <see cref="ChatOptions.Instructions"/>, temperature, max
/// output tokens, top-p, stop sequences, seed and model id; returns usage and finish reason; streams with server-sent
/// events. Failures throw <see cref="ChatModelException"/>; caller cancellation throws <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed partial class OpenAiCompatibleChatClient(HttpClient http, OpenAiChatOptions options, ILogger<OpenAiCompatibleChatClient> logger) : IChatClient
{
    public const string ProviderName = "openai";

    private readonly ChatClientMetadata metadata = new("openai-compatible", options.BaseUri, options.Model);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        using var request = BuildRequest(messages, chatOptions, stream: false);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (JsonException ex)
        {
            throw Bad("The chat model's answer is not JSON.", ex);
        }

        var choice = body?["choices"] is JsonArray { Count: > 0 } choices ? choices[0] : null;
        var message = choice?["message"];
        if (message is null) throw Bad("The chat model's answer has no choices[0].message.");

        var text = message["content"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        var result = new ChatMessage(ChatRole.Assistant, text) { MessageId = Str(body, "id") };
        var usage = body?["usage"];
        return new ChatResponse(result)
        {
            ResponseId = Str(body, "id"),
            ModelId = Str(body, "model") ?? ModelFor(chatOptions),
            CreatedAt = body?["created"] is JsonValue c && c.TryGetValue<long>(out var unix) ? DateTimeOffset.FromUnixTimeSeconds(unix) : null,
            FinishReason = Finish(Str(choice, "finish_reason")),
            Usage = usage is null ? null : new UsageDetails
            {
                InputTokenCount = Long(usage, "prompt_tokens"),
                OutputTokenCount = Long(usage, "completion_tokens"),
                TotalTokenCount = Long(usage, "total_tokens"),
            },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = BuildRequest(messages, chatOptions, stream: true);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // HttpClient.Timeout ends at the response headers; a stream that goes quiet for longer than the timeout is a timeout too.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (true)
        {
            string? line;
            try
            {
                idle.CancelAfter(options.Timeout);
                line = await reader.ReadLineAsync(idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogFailure(logger, ChatModelFailure.Timeout, null, options.Model);
                throw new ChatModelException(ChatModelFailure.Timeout, null, $"The chat model's stream was silent for {options.Timeout.TotalSeconds:0} s.", ex);
            }
            catch (IOException ex)
            {
                throw new ChatModelException(ChatModelFailure.Unreachable, null, "The chat model's stream broke off.", ex);
            }

            if (line is null) yield break;
            if (!line.StartsWith("data:", StringComparison.Ordinal)) continue; // blank lines, comments, event: lines
            var data = line[5..].Trim();
            if (data == "[DONE]") yield break;

            JsonNode? chunk;
            try
            {
                chunk = JsonNode.Parse(data);
            }
            catch (JsonException ex)
            {
                throw Bad("The chat model sent a stream chunk that is not JSON.", ex);
            }

            if (chunk?["error"] is { } error) throw new ChatModelException(ChatModelFailure.Unavailable, null, "The chat model failed while streaming: " + ErrorText(error));
            var choice = chunk?["choices"] is JsonArray { Count: > 0 } choices ? choices[0] : null;
            var delta = choice?["delta"];
            var text = delta?["content"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            var finish = Str(choice, "finish_reason");
            if (text is null && finish is null) continue;
            yield return new ChatResponseUpdate(ChatRole.Assistant, text ?? "")
            {
                ResponseId = Str(chunk, "id"),
                MessageId = Str(chunk, "id"),
                ModelId = Str(chunk, "model") ?? ModelFor(chatOptions),
                FinishReason = Finish(finish),
            };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ChatClientMetadata)) return metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        // the HttpClient belongs to IHttpClientFactory
    }

    private string ModelFor(ChatOptions? chatOptions) => chatOptions?.ModelId is { Length: > 0 } m ? m : options.Model;

    private HttpRequestMessage BuildRequest(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions, bool stream)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = new JsonArray();
        if (chatOptions?.Instructions is { Length: > 0 } instructions)
        {
            list.Add(new JsonObject { ["role"] = "system", ["content"] = instructions });
        }

        foreach (var m in messages)
        {
            list.Add(new JsonObject { ["role"] = Role(m.Role), ["content"] = m.Text });
        }

        var body = new JsonObject { ["model"] = ModelFor(chatOptions), ["messages"] = list, ["stream"] = stream };
        if (chatOptions?.Temperature is { } t) body["temperature"] = t;
        if (chatOptions?.MaxOutputTokens is { } max) body["max_tokens"] = max;
        if (chatOptions?.TopP is { } p) body["top_p"] = p;
        if (chatOptions?.Seed is { } seed) body["seed"] = seed;
        if (chatOptions?.StopSequences is { Count: > 0 } stop) body["stop"] = new JsonArray(stop.Select(x => (JsonNode?)x).ToArray());

        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.BaseUri, "chat/completions"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(stream ? "text/event-stream" : "application/json"));
        if (!string.IsNullOrEmpty(options.ApiKey)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            LogFailure(logger, ChatModelFailure.Timeout, null, options.Model);
            throw new ChatModelException(ChatModelFailure.Timeout, null, $"The chat model did not answer within {options.Timeout.TotalSeconds:0} s.", ex);
        }
        catch (HttpRequestException ex)
        {
            LogFailure(logger, ChatModelFailure.Unreachable, null, options.Model);
            throw new ChatModelException(ChatModelFailure.Unreachable, null, $"The chat model at {options.BaseUri} could not be reached ({ex.HttpRequestError}).", ex);
        }

        if (response.IsSuccessStatusCode) return response;

        using (response)
        {
            var status = (int)response.StatusCode;
            var failure = response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ChatModelFailure.Unauthorized,
                HttpStatusCode.TooManyRequests => ChatModelFailure.RateLimited,
                _ when status >= 500 => ChatModelFailure.Unavailable,
                _ => ChatModelFailure.Rejected,
            };
            string detail;
            try
            {
                var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                detail = ErrorText(JsonNode.Parse(text)?["error"]) is { Length: > 0 } e ? e : Shorten(text);
            }
            catch (Exception ex) when (ex is JsonException or HttpRequestException or IOException)
            {
                detail = "";
            }

            LogFailure(logger, failure, status, options.Model);
            throw new ChatModelException(failure, status, $"The chat model answered {status} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail : "")}");
        }
    }

    /// <summary>OpenAI sends <c>{"error":{"message":…}}</c>; Ollama and others sometimes <c>{"error":"…"}</c>.</summary>
    private string ErrorText(JsonNode? error)
    {
        var text = error switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonObject o => Str(o, "message") ?? "",
            _ => "",
        };
        return Shorten(Redact(text));
    }

    /// <summary>Providers echo part of a bad key ("Incorrect API key provided: sk-abc…"); never pass the key on.</summary>
    private string Redact(string text) =>
        string.IsNullOrEmpty(options.ApiKey) ? text : text.Replace(options.ApiKey, "***", StringComparison.Ordinal);

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static ChatModelException Bad(string message, Exception? inner = null) => new(ChatModelFailure.BadResponse, null, message, inner);

    private static string Role(ChatRole role) =>
        role == ChatRole.System ? "system"
        : role == ChatRole.Assistant ? "assistant"
        : role == ChatRole.Tool ? "tool"
        : role == ChatRole.User ? "user"
        : role.Value.ToLowerInvariant();

    private static ChatFinishReason? Finish(string? reason) => reason switch
    {
        null => null,
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(reason),
    };

    private static string? Str(JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static long? Long(JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat model call failed: {Failure} (HTTP {StatusCode}) for model {Model}")]
    private static partial void LogFailure(ILogger logger, ChatModelFailure failure, int? statusCode, string model);
}
