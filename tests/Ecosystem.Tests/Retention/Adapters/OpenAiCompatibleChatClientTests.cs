using System.Text;
using System.Text.Json.Nodes;
using Ecosystem.Retention.Adapters;
using Ecosystem.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Retention.Adapters;

/// <summary>Against a fake OpenAI-compatible server; the model name selects how the fake answers.</summary>
public sealed class OpenAiCompatibleChatClientTests : IAsyncLifetime
{
    private const string ApiKey = "sk-proj-FakeOpenAiKeyNeverLogged42";
    private LoopbackServer server = null!;
    private readonly CapturingLoggerProvider logs = new();

    public async ValueTask InitializeAsync() => server = await LoopbackServer.StartAsync(AnswerAsync);

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    private static async Task AnswerAsync(RecordedRequest req, HttpContext ctx)
    {
        if (!req.Path.EndsWith("/chat/completions", StringComparison.Ordinal) || req.Method != "POST")
        {
            await LoopbackServer.JsonAsync(ctx, 404, """{"error":{"message":"Unknown path","type":"invalid_request_error"}}""");
            return;
        }

        var body = JsonNode.Parse(req.Body)!;
        var model = (string)body["model"]!;
        var auth = req.Header("Authorization");
        if (model != "open-model" && auth != "Bearer " + ApiKey)
        {
            // like OpenAI: the refusal echoes the key it got
            await LoopbackServer.JsonAsync(ctx, 401, new JsonObject
            {
                ["error"] = new JsonObject { ["message"] = $"Incorrect API key provided: {auth?.Replace("Bearer ", "", StringComparison.Ordinal)}.", ["type"] = "invalid_request_error", ["code"] = "invalid_api_key" },
            }.ToJsonString());
            return;
        }

        switch (model)
        {
            case "missing-model":
                await LoopbackServer.JsonAsync(ctx, 404, """{"error":{"message":"The model `missing-model` does not exist","type":"invalid_request_error","code":"model_not_found"}}""");
                return;
            case "ollama-style-error":
                await LoopbackServer.JsonAsync(ctx, 400, """{"error":"model 'ollama-style-error' not found, try pulling it first"}""");
                return;
            case "overloaded":
                await LoopbackServer.JsonAsync(ctx, 503, """{"error":{"message":"The server is overloaded","type":"server_error"}}""");
                return;
            case "limited":
                await LoopbackServer.JsonAsync(ctx, 429, """{"error":{"message":"Rate limit reached","type":"requests"}}""");
                return;
            case "garbage":
                await LoopbackServer.JsonAsync(ctx, 200, "<html>not json</html>");
                return;
            case "no-choices":
                await LoopbackServer.JsonAsync(ctx, 200, """{"id":"x","choices":[]}""");
                return;
            case "slow":
                await Task.Delay(TimeSpan.FromSeconds(5), ctx.RequestAborted);
                return;
        }

        if (model == "stalls-stream")
        {
            ctx.Response.ContentType = "text/event-stream";
            await ctx.Response.WriteAsync("data: {\"id\":\"s\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n");
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(5), ctx.RequestAborted);
            return;
        }

        var messages = body["messages"]!.AsArray();
        var lastUser = messages.Last(m => (string)m!["role"]! == "user")!["content"]!.ToString();
        var reply = $"Happy to help with: {lastUser}";
        if (body["stream"]?.GetValue<bool>() == true)
        {
            ctx.Response.ContentType = "text/event-stream";
            var words = reply.Split(' ');
            var sb = new StringBuilder(": keep-alive comment\n\n");
            sb.Append("data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}\n\n");
            for (var i = 0; i < words.Length; i++)
            {
                var piece = new JsonObject { ["content"] = (i == 0 ? "" : " ") + words[i] }.ToJsonString();
                sb.Append("data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":" + piece + ",\"finish_reason\":null}]}\n\n");
            }

            sb.Append("data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
            sb.Append("data: [DONE]\n\n");
            await ctx.Response.WriteAsync(sb.ToString());
            return;
        }

        await LoopbackServer.JsonAsync(ctx, 200, new JsonObject
        {
            ["id"] = "chatcmpl-123",
            ["object"] = "chat.completion",
            ["created"] = 1795341600,
            ["model"] = model + "-2026-01-01",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply },
                ["finish_reason"] = model == "short" ? "length" : "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 21, ["completion_tokens"] = 7, ["total_tokens"] = 28 },
        }.ToJsonString());
    }

    private IChatClient Client(string model = "gpt-test", string? apiKey = ApiKey, string? baseUrl = null, int? timeoutSeconds = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Retention:Ai:Provider"] = "openai",
            ["Retention:Ai:BaseUrl"] = baseUrl ?? new Uri(server.BaseAddress, "v1").ToString(),
            ["Retention:Ai:Model"] = model,
            ["Retention:Ai:ApiKey"] = apiKey,
            ["Retention:Ai:TimeoutSeconds"] = timeoutSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return AdapterHost.Build(settings, logs).GetRequiredService<IChatClient>();
    }

    private static readonly ChatMessage[] Conversation =
    [
        new(ChatRole.System, "You are a friendly billing assistant."),
        new(ChatRole.Assistant, "Hi Ada, your card expires soon."),
        new(ChatRole.User, "Can I update it now?"),
    ];

    [Fact]
    public async Task A_chat_completion_sends_model_roles_options_and_key_and_returns_text_usage_and_finish_reason()
    {
        var response = await Client().GetResponseAsync(Conversation,
            new ChatOptions { Instructions = "Answer in one sentence.", Temperature = 0.2f, MaxOutputTokens = 120, TopP = 0.9f, StopSequences = ["\n\n"] });

        Assert.Equal("Happy to help with: Can I update it now?", response.Text);
        Assert.Equal(ChatRole.Assistant, Assert.Single(response.Messages).Role);
        Assert.Equal("chatcmpl-123", response.ResponseId);
        Assert.Equal("gpt-test-2026-01-01", response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795341600), response.CreatedAt);
        Assert.Equal((21L, 7L, 28L), (response.Usage!.InputTokenCount!.Value, response.Usage.OutputTokenCount!.Value, response.Usage.TotalTokenCount!.Value));

        var sent = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", sent.Path);
        Assert.Equal("Bearer " + ApiKey, sent.Header("Authorization"));
        var body = JsonNode.Parse(sent.Body)!;
        Assert.Equal("gpt-test", (string)body["model"]!);
        Assert.False((bool)body["stream"]!);
        Assert.Equal(0.2, (double)body["temperature"]!, 3);
        Assert.Equal(120, (int)body["max_tokens"]!);
        Assert.Equal(0.9, (double)body["top_p"]!, 3);
        Assert.Equal("\n\n", (string)body["stop"]![0]!);
        var roles = body["messages"]!.AsArray().Select(m => ((string)m!["role"]!, (string)m["content"]!)).ToList();
        Assert.Equal(
            [("system", "Answer in one sentence."), ("system", "You are a friendly billing assistant."), ("assistant", "Hi Ada, your card expires soon."), ("user", "Can I update it now?")],
            roles);
    }

    [Fact]
    public async Task A_key_less_local_server_like_Ollama_gets_no_Authorization_header_and_the_model_can_be_chosen_per_call()
    {
        var response = await Client(apiKey: null, baseUrl: new Uri(server.BaseAddress, "v1/").ToString())
            .GetResponseAsync([new ChatMessage(ChatRole.User, "hello")], new ChatOptions { ModelId = "open-model" });

        Assert.Equal("Happy to help with: hello", response.Text);
        var sent = Assert.Single(server.Requests);
        Assert.Null(sent.Header("Authorization"));
        Assert.Equal("/v1/chat/completions", sent.Path);
        Assert.Equal("open-model", (string)JsonNode.Parse(sent.Body)!["model"]!);
    }

    [Fact]
    public async Task A_length_cut_answer_reports_finish_reason_length()
    {
        var response = await Client("short").GetResponseAsync("hi");
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task Streaming_yields_the_answer_piece_by_piece()
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in Client().GetStreamingResponseAsync(Conversation)) updates.Add(u);

        Assert.True(updates.Count > 3);
        Assert.Equal("Happy to help with: Can I update it now?", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.All(updates, u => Assert.Equal("chatcmpl-s1", u.ResponseId));
        Assert.True((bool)JsonNode.Parse(Assert.Single(server.Requests).Body)!["stream"]!);
    }

    [Theory]
    [InlineData("missing-model", nameof(ChatModelFailure.Rejected), 404, "does not exist")]
    [InlineData("ollama-style-error", nameof(ChatModelFailure.Rejected), 400, "try pulling it first")]
    [InlineData("overloaded", nameof(ChatModelFailure.Unavailable), 503, "overloaded")]
    [InlineData("limited", nameof(ChatModelFailure.RateLimited), 429, "Rate limit")]
    public async Task A_non_success_answer_throws_a_ChatModelException_with_the_provider_reason(string model, string failure, int status, string reason)
    {
        var ex = await Assert.ThrowsAsync<ChatModelException>(() => Client(model).GetResponseAsync("hi"));

        Assert.Equal(failure, ex.Failure.ToString());
        Assert.Equal(status, ex.StatusCode);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_errors_throw_the_same_exception_type()
    {
        var ex = await Assert.ThrowsAsync<ChatModelException>(async () =>
        {
            await foreach (var _ in Client("overloaded").GetStreamingResponseAsync("hi"))
            {
            }
        });
        Assert.Equal(ChatModelFailure.Unavailable, ex.Failure);
    }

    [Fact]
    public async Task A_wrong_key_is_Unauthorized_and_the_key_is_neither_in_the_exception_nor_in_the_logs()
    {
        const string wrong = "sk-proj-WrongKeyThatMustNotLeak99";

        var ex = await Assert.ThrowsAsync<ChatModelException>(() => Client(apiKey: wrong).GetResponseAsync("hi"));

        Assert.Equal(ChatModelFailure.Unauthorized, ex.Failure);
        Assert.Equal(401, ex.StatusCode);
        Assert.Contains("Incorrect API key provided: ***", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, ex.ToString(), StringComparison.Ordinal);

        await Client().GetResponseAsync("hi");
        Assert.Contains(logs.Lines, l => l.Contains("Chat model call failed: Unauthorized", StringComparison.Ordinal)); // the capture works
        Assert.DoesNotContain(wrong, logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, logs.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("no-choices")]
    public async Task An_unreadable_success_answer_is_a_BadResponse(string model)
    {
        var ex = await Assert.ThrowsAsync<ChatModelException>(() => Client(model).GetResponseAsync("hi"));
        Assert.Equal(ChatModelFailure.BadResponse, ex.Failure);
    }

    [Fact]
    public async Task A_slow_model_times_out_after_the_configured_seconds()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<ChatModelException>(() => Client("slow", timeoutSeconds: 1).GetResponseAsync("hi"));

        Assert.Equal(ChatModelFailure.Timeout, ex.Failure);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(4), started.Elapsed.ToString());
    }

    [Fact]
    public async Task A_stream_that_goes_silent_times_out_after_the_first_pieces()
    {
        var pieces = new List<string>();
        var ex = await Assert.ThrowsAsync<ChatModelException>(async () =>
        {
            await foreach (var u in Client("stalls-stream", timeoutSeconds: 1).GetStreamingResponseAsync("hi")) pieces.Add(u.Text);
        });

        Assert.Equal(ChatModelFailure.Timeout, ex.Failure);
        Assert.Equal(["Hel"], pieces);
    }

    [Fact]
    public async Task The_caller_cancelling_throws_OperationCanceledException_not_a_model_failure()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client("slow").GetResponseAsync("hi", cancellationToken: cts.Token));
    }

    [Fact]
    public async Task An_unreachable_server_is_Unreachable()
    {
        var closed = new Uri(server.BaseAddress, "v1").ToString();
        await server.DisposeAsync();

        var ex = await Assert.ThrowsAsync<ChatModelException>(() => Client(baseUrl: closed).GetResponseAsync("hi"));

        Assert.Equal(ChatModelFailure.Unreachable, ex.Failure);
        server = await LoopbackServer.StartAsync(AnswerAsync); // for DisposeAsync
    }

    [Fact]
    public void The_client_describes_itself_through_ChatClientMetadata()
    {
        var metadata = Client("gpt-test").GetService<ChatClientMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("gpt-test", metadata.DefaultModelId);
        Assert.Equal("openai-compatible", metadata.ProviderName);
    }
}
