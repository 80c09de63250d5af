using Ecosystem.Platform.Data;
using Ecosystem.Retention.AtRisk;
using Ecosystem.Retention.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Retention.Sessions;

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
