using Ecosystem.Platform;
using Ecosystem.Retention.Chat;
using Ecosystem.Retention.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Retention.Sessions;

/// <summary>The admin's view of a chat session: the session with its messages, and a cheap change marker for the live view.</summary>
internal sealed class SessionViewService(RetentionDbContext db, TimeProvider time)
{
    public static readonly Error SessionNotFound = Error.NotFound("SESSION_NOT_FOUND", "There is no chat session with this id.");

    public async Task<Result<SessionResponse>> GetSessionAsync(string sessionId, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(x => x.SessionId == sessionId, ct).ConfigureAwait(false);
        if (session is null) return SessionNotFound;
        var customer = await db.Customers.AsNoTracking().SingleAsync(x => x.CustomerId == session.CustomerId, ct).ConfigureAwait(false);
        var messages = await db.Messages.AsNoTracking().Where(m => m.SessionId == sessionId).OrderBy(m => m.Sequence).ToListAsync(ct).ConfigureAwait(false);
        var left = session.IsOpen ? Math.Max(0, (int)Math.Ceiling((session.Deadline - time.GetUtcNow()).TotalSeconds)) : 0;
        return new SessionResponse(ToSummary(session), customer.Name, left, messages.Select(ToResponse).ToList(), session.Version);
    }

    /// <summary>A cheap change marker for the live view: (version, message count).</summary>
    public async Task<(int Version, int Messages, bool Open)?> SessionMarkerAsync(string sessionId, CancellationToken ct)
    {
        var s = await db.Sessions.AsNoTracking().Where(x => x.SessionId == sessionId).Select(x => new { x.Version, x.EndTime }).SingleOrDefaultAsync(ct).ConfigureAwait(false);
        if (s is null) return null;
        var count = await db.Messages.CountAsync(m => m.SessionId == sessionId, ct).ConfigureAwait(false);
        return (s.Version, count, s.EndTime is null);
    }

    internal static SessionSummary ToSummary(ChatSession s) => new(
        s.SessionId, s.CustomerId, s.AdminUserId, Kebab.Of(s.Status), Kebab.Of(s.Outcome), s.StartTime, s.Deadline, s.EndTime, s.ResolutionTime,
        s.PaymentAttempted, s.PaymentAttempts, Kebab.Of(s.RiskCategory), s.AccountValue, s.Currency);

    internal static MessageResponse ToResponse(ChatMessage m) => new(m.MessageId, Kebab.Of(m.Sender), m.Content, Kebab.Of(m.MessageType), m.Timestamp);
}
