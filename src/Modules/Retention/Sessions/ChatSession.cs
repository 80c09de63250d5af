using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Retention.Domain;

public enum SessionStatus { Initiated, InProgress, PaymentRequested, PaymentProcessing, Completed, Abandoned }

public enum SessionOutcome { PaymentUpdated, CustomerDeclined, TechnicalFailure, Abandoned }

public enum Sender { Ai, Customer }

public enum MessageType { Greeting, Question, PaymentRequest, Confirmation, Error }

/// <summary>
/// One admin-started conversation, time-boxed: <see cref="Deadline"/> = start + the session limit (180 s). Status:
/// initiated → in-progress → payment-requested → payment-processing → completed | abandoned. A session is open while
/// <see cref="EndTime"/> is null; at most one open session per customer (unique partial index). Every write is a
/// conditional update that also requires <c>deadline &gt; now</c>, so nothing completes after the deadline.
/// </summary>
internal sealed class ChatSession
{
    public string SessionId { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string AdminUserId { get; set; } = "";
    public SessionStatus Status { get; set; }
    public SessionOutcome? Outcome { get; set; }
    public DateTimeOffset StartTime { get; set; }
    public DateTimeOffset Deadline { get; set; }
    public DateTimeOffset? EndTime { get; set; }
    public bool PaymentAttempted { get; set; }
    public int PaymentAttempts { get; set; }
    public int Declines { get; set; }

    /// <summary>Seconds from start to end, set when the session ends.</summary>
    public int? ResolutionTime { get; set; }

    /// <summary>SHA-256 (hex) of the chat link's token; the token itself is never stored.</summary>
    public string TokenHash { get; set; } = "";

    /// <summary>What was at stake when the session started (revenue retained counts it on success).</summary>
    public RiskCategory RiskCategory { get; set; }
    public long AccountValue { get; set; }
    public string Currency { get; set; } = "USD";

    /// <summary>Seeds the agent's choice of phrasing, so a session reads the same on replay but sessions differ.</summary>
    public int PhrasingSeed { get; set; }
    public int Version { get; set; }

    public bool IsOpen => EndTime is null;

    public static bool IsOpenStatus(SessionStatus s) => s is not (SessionStatus.Completed or SessionStatus.Abandoned);

    public object Snapshot() => new { Status = Kebab.Of(Status), Outcome = Kebab.Of(Outcome), EndTime, PaymentAttempts, Version };

    internal static void Configure(EntityTypeBuilder<ChatSession> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "retention", "chat_sessions");
        b.HasKey(x => x.SessionId);
        b.Property(x => x.SessionId).HasMaxLength(40);
        b.Property(x => x.CustomerId).HasMaxLength(40);
        b.Property(x => x.AdminUserId).HasMaxLength(40);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsOpen);
        b.HasIndex(x => x.TokenHash).IsUnique();
        // Two admins starting an intervention at once: the second insert violates this index. One open session per customer.
        b.HasIndex(x => x.CustomerId).IsUnique().HasFilter("end_time IS NULL");
        b.HasIndex(x => new { x.CustomerId, x.SessionId });
        b.HasIndex(x => new { x.StartTime, x.SessionId });
        b.HasIndex(x => x.Deadline).HasFilter("end_time IS NULL");
        b.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).HasConstraintName("fk_chat_sessions_customers");
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_chat_sessions_end_after_start", "end_time IS NULL OR end_time > start_time");
            t.HasCheckConstraint("ck_chat_sessions_deadline_after_start", "deadline > start_time");
        });
    }
}

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

/// <summary>
/// A message to a customer (the chat link), written in the same transaction as the session that needs it: a
/// transactional outbox of notifications. The embedded default sender "delivers" it to the admin console's
/// notification outbox page (an in-product mailbox); a real email/SMS sender would deliver it instead.
/// </summary>
internal sealed class Notification
{
    public string NotificationId { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string? SessionId { get; set; }
    public string Channel { get; set; } = "email";
    public string Recipient { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public string Status { get; set; } = "queued";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    internal static void Configure(EntityTypeBuilder<Notification> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "retention", "notifications");
        b.HasKey(x => x.NotificationId);
        b.Property(x => x.NotificationId).HasMaxLength(40);
        b.Property(x => x.CustomerId).HasMaxLength(40);
        b.Property(x => x.SessionId).HasMaxLength(40);
        b.Property(x => x.Channel).HasMaxLength(10);
        b.Property(x => x.Recipient).HasMaxLength(254);
        b.Property(x => x.Subject).HasMaxLength(200);
        b.Property(x => x.Body).HasMaxLength(2000);
        b.Property(x => x.Status).HasMaxLength(20);
        b.HasIndex(x => x.CustomerId);
        b.HasIndex(x => new { x.Status, x.NotificationId });
    }
}

/// <summary>A Stripe webhook event already received: the endpoint is idempotent by Stripe's event id.</summary>
internal sealed class WebhookEvent : INotAudited
{
    public string EventId { get; set; } = "";
    public string Type { get; set; } = "";
    public string? ObjectId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }

    internal static void Configure(EntityTypeBuilder<WebhookEvent> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "retention", "webhook_events");
        b.HasKey(x => x.EventId);
        b.Property(x => x.EventId).HasMaxLength(100);
        b.Property(x => x.Type).HasMaxLength(100);
        b.Property(x => x.ObjectId).HasMaxLength(100);
    }
}
