using Ecosystem.Platform;
using Ecosystem.Platform.Outbox;
using Ecosystem.Retention.Contracts;
using Ecosystem.Retention.Customers;

namespace Ecosystem.Retention.Chat;

/// <summary>A chat message and its <c>com.ecosystem.retention.chat.message.sent</c> event (the greeting of an intervention, the turns of the chat).</summary>
internal sealed class ChatMessageFactory(OperationContext op, TimeProvider time)
{
    internal ChatMessage NewMessage(string sessionId, int sequence, Sender sender, string content, MessageType type, DateTimeOffset at) => new()
    {
        MessageId = Ids.New("msg", time), SessionId = sessionId, Sequence = sequence, Sender = sender, Content = content, MessageType = type, Timestamp = at,
    };

    internal OutboxMessage MessageEvent(Customer customer, string sessionId, ChatMessage message) =>
        OutboxMessage.Create(op, time, RetentionEvents.ChatMessageSent, customer.UserEcosystemId, new
        {
            sessionId, messageId = message.MessageId, sender = Kebab.Of(message.Sender), messageType = Kebab.Of(message.MessageType), length = message.Content.Length,
        });
}
