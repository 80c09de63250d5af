using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Platform.Notifications;

/// <summary>
/// One message to one recipient, rendered from a named template when it was queued: the subject and body are what
/// the recipient gets. Written in the same transaction as the state change that sends it (every module context maps
/// this table, like the event outbox); the relay sends it afterwards. queued → sent, or retrying → failed.
/// </summary>
public sealed class NotificationMessage
{
    private NotificationMessage() { }

    public string Id { get; private set; } = "";
    public string Module { get; private set; } = "";
    public string Template { get; private set; } = "";
    public string Channel { get; private set; } = "";
    public string Recipient { get; private set; } = "";
    public string? UserEcosystemId { get; private set; }
    /// <summary>The object the message is about (e.g. a chat session's id), to find it from there.</summary>
    public string? Reference { get; private set; }
    public string? Subject { get; private set; }
    public string Body { get; private set; } = "";
    /// <summary>The link the message asks the recipient to open, when its template names one.</summary>
    public string? Link { get; private set; }
    public string Status { get; private set; } = NotificationStatus.Queued;
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    /// <summary>Which sender delivered it (<c>outbox</c> for the embedded one, <c>smtp</c>…) and its message id there.</summary>
    public string? SentVia { get; private set; }
    public string? ProviderMessageId { get; private set; }
    public string? LastError { get; private set; }
    public string? LockedBy { get; private set; }
    public DateTimeOffset? LockedUntil { get; private set; }

    internal static NotificationMessage Create(string module, NotificationTemplate template, string recipient, string? subject, string body, string? link,
        string? userEcosystemId, string? reference, TimeProvider time)
    {
        var now = time.UtcNowStored();
        return new NotificationMessage
        {
            Id = Ids.New("ntf", time), Module = module, Template = template.Name, Channel = template.Channel, Recipient = recipient,
            UserEcosystemId = userEcosystemId, Reference = reference, Subject = subject, Body = body, Link = link,
            CreatedAt = now, NextAttemptAt = now,
        };
    }

    internal static void Configure(EntityTypeBuilder<NotificationMessage> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "platform", "notifications");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.Module).HasMaxLength(40);
        b.Property(x => x.Template).HasMaxLength(100);
        b.Property(x => x.Channel).HasMaxLength(20);
        b.Property(x => x.Recipient).HasMaxLength(254);
        b.Property(x => x.UserEcosystemId).HasMaxLength(64);
        b.Property(x => x.Reference).HasMaxLength(64);
        b.Property(x => x.Subject).HasMaxLength(200);
        b.Property(x => x.Body).HasMaxLength(4000);
        b.Property(x => x.Link).HasMaxLength(1000);
        b.Property(x => x.Status).HasMaxLength(20);
        b.Property(x => x.SentVia).HasMaxLength(40);
        b.Property(x => x.ProviderMessageId).HasMaxLength(200);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.Property(x => x.LockedBy).HasMaxLength(40);
        b.HasIndex(x => new { x.Status, x.NextAttemptAt });
        b.HasIndex(x => x.Reference);
    }
}
