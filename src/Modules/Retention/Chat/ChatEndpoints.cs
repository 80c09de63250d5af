using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Retention.Chat;

internal static class ChatEndpoints
{
    public static RouteGroupBuilder MapChatApi(this RouteGroupBuilder chat)
    {
        chat.MapGet("/{token}", GetChat).WithName("GetChat").Answers(ChatService.ChatNotFound, ChatService.SessionExpired);
        chat.MapPost("/{token}/messages", SendChatMessage).WithName("SendChatMessage")
            .Answers(ChatService.ChatNotFound, ChatService.SessionExpired, ChatService.SessionClosed, ChatService.SessionBusy, ChatService.PaymentInProgress, ChatService.CardInChat);
        chat.MapPost("/{token}/payment-method", SubmitChatPaymentMethod).WithName("SubmitChatPaymentMethod")
            .Answers(ChatService.ChatNotFound, ChatService.SessionExpired, ChatService.SessionClosed, ChatService.CardNotRequested, ChatService.PaymentInProgress);
        return chat;
    }

    private static async Task<Results<Ok<ChatView>, ProblemHttpResult>> GetChat(string token, ChatService chats, CancellationToken ct) =>
        (await chats.GetAsync(token, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<ChatView>, ProblemHttpResult>> SendChatMessage(string token, ChatMessageRequest request, ChatService chats, CancellationToken ct) =>
        (await chats.SendAsync(token, request.Content, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<ChatView>, ProblemHttpResult>> SubmitChatPaymentMethod(string token, CardRequest request, ChatService chats, CancellationToken ct) =>
        (await chats.SubmitCardAsync(token, request, ct).ConfigureAwait(false)).ToOk();
}
