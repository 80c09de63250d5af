using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Platform.Notifications;

/// <summary>
/// Queues messages in the caller's own transaction and lists the outbox. A module renders a named template into its
/// DbContext (<see cref="Queue"/>) beside the state change that sends it: a unit that rolls back sends nothing.
/// </summary>
public sealed class Notifier(NotificationTemplates templates, PlatformDbContext platform, NotificationSignal signal, TimeProvider time)
{
    /// <summary>
    /// Adds the message to <paramref name="db"/>: it is written by the caller's next <c>SaveChanges</c>, in its unit of work.
    /// Throws for an unknown template, missing variables or a recipient the channel cannot take (a programming error:
    /// check recipients from user input before).
    /// </summary>
    public NotificationMessage Queue(ModuleDbContext db, string template, string recipient, IReadOnlyDictionary<string, string> variables,
        string? userEcosystemId = null, string? reference = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var definition = templates.Find(template) ?? throw new InvalidOperationException($"No notification template is named '{template}'.");
        if (!NotificationChannel.IsValidRecipient(definition.Channel, recipient))
        {
            throw new ArgumentException($"'{recipient}' is not a {definition.Channel} recipient.", nameof(recipient));
        }

        var (subject, body, link) = templates.Render(template, variables);
        var message = NotificationMessage.Create(definition.Module, definition, recipient, subject, body, link, userEcosystemId, reference, time);
        db.NotificationOutbox.Add(message);
        signal.Pending();
        return message;
    }

    public async Task<Result<Page<NotificationView>>> ListAsync(string? channel, string? status, string? module, string? reference, int? limit, string? cursor, CancellationToken ct)
    {
        var paging = Paging.Parse(limit, cursor);
        if (!paging.IsSuccess) return paging.Error!;
        var problems = new Dictionary<string, string[]>();
        if (channel is not null && !NotificationChannel.All.Contains(channel)) problems["channel"] = [$"Choose one of: {string.Join(", ", NotificationChannel.All)}."];
        if (status is not null && !NotificationStatus.All.Contains(status)) problems["status"] = [$"Choose one of: {string.Join(", ", NotificationStatus.All)}."];
        if (problems.Count > 0) return Error.Validation(problems);
        var (take, after) = paging.Value;
        var query = platform.NotificationOutbox.AsNoTracking();
        if (channel is not null) query = query.Where(n => n.Channel == channel);
        if (status is not null) query = query.Where(n => n.Status == status);
        if (!string.IsNullOrEmpty(module)) query = query.Where(n => n.Module == module);
        if (!string.IsNullOrEmpty(reference)) query = query.Where(n => n.Reference == reference);
        if (after is not null) query = query.Where(n => string.Compare(n.Id, after) < 0);
        var rows = await query.OrderByDescending(n => n.Id).Take(take + 1).ToListAsync(ct).ConfigureAwait(false);
        return Paging.ToPage(rows, take, n => n.Id, NotificationView.From);
    }
}
