using Ecosystem.Platform.Data;
using Ecosystem.Retention.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Retention.Chat;

internal sealed class ChatMessage
{
    public string MessageId { get; set; } = "";
    public string SessionId { get; set; } = "";

    /// <summary>Position in the conversation (0 = the greeting); messages are only written under the session's compare-and-set.</summary>
    public int Sequence { get; set; }
    public Sender Sender { get; set; }
    public string Content { get; set; } = "";
    public MessageType MessageType { get; set; }
    public DateTimeOffset Timestamp { get; set; }

    internal static void Configure(EntityTypeBuilder<ChatMessage> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "retention", "chat_messages");
        b.HasKey(x => x.MessageId);
        b.Property(x => x.MessageId).HasMaxLength(40);
        b.Property(x => x.SessionId).HasMaxLength(40);
        b.Property(x => x.Content).HasMaxLength(2000);
        b.HasIndex(x => new { x.SessionId, x.Sequence }).IsUnique();
        b.HasOne<ChatSession>().WithMany().HasForeignKey(x => x.SessionId).HasConstraintName("fk_chat_messages_chat_sessions");
        b.ToTable(t => t.HasCheckConstraint("ck_chat_messages_content_not_empty", "length(content) > 0"));
    }
}
