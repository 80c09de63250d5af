using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Retention.Chat;

internal static class ChatEndpoints
{
    public static RouteGroupBuilder MapChatApi(this RouteGroupBuilder chat)
    {
        chat.MapGet("/{token}", GetChat).WithName("GetChat");
        chat.MapPost("/{token}/messages", SendChatMessage).WithName("SendChatMessage");
        chat.MapPost("/{token}/payment-method", SubmitChatPaymentMethod).WithName("SubmitChatPaymentMethod");
        return chat;
    }

    private static async Task<Results<Ok<ChatView>, ProblemHttpResult>> GetChat(string token, ChatService chats, CancellationToken ct) =>
        (await chats.GetAsync(token, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<ChatView>, ProblemHttpResult>> SendChatMessage(string token, ChatMessageRequest request, ChatService chats, CancellationToken ct) =>
        (await chats.SendAsync(token, request.Content, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<ChatView>, ProblemHttpResult>> SubmitChatPaymentMethod(string token, CardRequest request, ChatService chats, CancellationToken ct) =>
        (await chats.SubmitCardAsync(token, request, ct).ConfigureAwait(false)).ToOk();
}
