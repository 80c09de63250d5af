using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Outbox;
using Ecosystem.Retention.Agent;
using Ecosystem.Retention.AtRisk;
using Ecosystem.Retention.Chat;
using Ecosystem.Retention.Contracts;
using Ecosystem.Retention.Customers;
using Ecosystem.Retention.Data;
using Ecosystem.Platform.Notifications;
using Ecosystem.Retention.Notifications;
using Ecosystem.Retention.Sessions;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Retention.Interventions;

/// <summary>
/// An admin starts a time-boxed retention chat with an at-risk customer (the greeting, the link sent as a notification);
/// the sweeper closes sessions that reached their deadline as abandoned.
/// </summary>
internal sealed class InterventionService(
    RetentionDbContext db, Transactions transactions, OperationContext op, TimeProvider time, RetentionOptions options, RetentionAgent agent, ChatMessageFactory chatMessages,
    Notifier notifications)
{
    public static readonly Error NotAtRisk = Error.Conflict("NOT_AT_RISK", "This customer is not at risk; run a risk scan or pick an at-risk customer.");

    public static readonly Error InterventionRunning = Error.Conflict("INTERVENTION_RUNNING", "An intervention for this customer is already running.");

    public async Task<Result<InterventionResponse>> StartInterventionAsync(string customerId, string adminUserId, string baseUrl, CancellationToken ct)
    {
        var snapshot = await db.Customers.AsNoTracking().SingleOrDefaultAsync(x => x.CustomerId == customerId, ct).ConfigureAwait(false);
        if (snapshot is null) return CustomerService.CustomerNotFound;
        if (snapshot.AccountStatus != AccountStatus.AtRisk) return NotAtRisk;
        var card = await db.PaymentMethods.AsNoTracking().Where(p => p.CustomerId == customerId && p.IsDefault).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        var now = time.UtcNowStored();
        var seed = System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue);
        var facts = AgentFactsBuilder.Facts(snapshot, card, seed, 0, (int)options.SessionLimit.TotalSeconds, now);
        // Phrase the greeting before the transaction: a model call never holds a database lock.
        var greeting = await agent.PhraseAsync(AgentStep.Greeting, facts, [], ct).ConfigureAwait(false);
        var token = ChatTokens.New();
        var chatUrl = $"{baseUrl.TrimEnd('/')}/chat/{token}";

        try
        {
            return await transactions.RunAsync<InterventionResponse>(db, async c =>
            {
                var customer = await db.Customers.ForUpdate().SingleOrDefaultAsync(x => x.CustomerId == customerId, c).ConfigureAwait(false);
                if (customer is null) return CustomerService.CustomerNotFound;
                if (customer.AccountStatus != AccountStatus.AtRisk) return NotAtRisk;
                now = time.UtcNowStored();
                var open = await db.Sessions.Where(x => x.CustomerId == customerId && x.EndTime == null).FirstOrDefaultAsync(c).ConfigureAwait(false);
                if (open is not null)
                {
                    if (open.Deadline > now) return InterventionRunning;
                    // Overdue but not yet swept: close it as abandoned here (same rules as the sweeper), then start anew.
                    await AbandonAsync(open.SessionId, now, c).ConfigureAwait(false);
                }

                var session = new ChatSession
                {
                    SessionId = Ids.New("chs", time),
                    CustomerId = customerId,
                    AdminUserId = adminUserId,
                    Status = SessionStatus.Initiated,
                    StartTime = now,
                    Deadline = now + options.SessionLimit,
                    TokenHash = ChatTokens.Hash(token),
                    RiskCategory = customer.RiskCategory ?? RiskCategory.ExpiringCard,
                    AccountValue = customer.AccountValue,
                    Currency = customer.Currency,
                    PhrasingSeed = seed,
                };
                db.Sessions.Add(session);
                var message = chatMessages.NewMessage(session.SessionId, 0, Sender.Ai, greeting, MessageType.Greeting, now);
                db.Messages.Add(message);
                var firstName = customer.Name.Split(' ', 2)[0];
                // The link goes out through the shared notification outbox, in this transaction: by text message when the
                // customer's phone is a full international number, else by e-mail.
                var variables = new Dictionary<string, string> { ["firstName"] = firstName, ["duration"] = Duration(options.SessionLimit), ["chatUrl"] = chatUrl };
                if (RetentionNotifications.SmsNumber(customer.Phone) is { } phone)
                {
                    notifications.Queue(db, RetentionNotifications.ChatLinkSms, phone, variables, customer.UserEcosystemId, session.SessionId);
                }
                else
                {
                    notifications.Queue(db, RetentionNotifications.ChatLinkEmail, customer.Email, variables, customer.UserEcosystemId, session.SessionId);
                }

                db.AuditLog.Add(AuditEntry.Create(op, time, "retention.intervention.started", "retention-session", session.SessionId, null,
                    new { session.CustomerId, session.AdminUserId, status = Kebab.Of(session.Status), session.StartTime, session.Deadline }));
                db.Outbox.Add(OutboxMessage.Create(op, time, RetentionEvents.InterventionStarted, customer.UserEcosystemId, new
                {
                    sessionId = session.SessionId, customerId, riskCategory = Kebab.Of(session.RiskCategory), deadline = session.Deadline, retention = customer.RiskState(),
                }));
                db.Outbox.Add(chatMessages.MessageEvent(customer, session.SessionId, message));
                await db.SaveChangesAsync(c).ConfigureAwait(false);
                return new InterventionResponse(session.SessionId, chatUrl, session.Deadline);
            }, ct).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // The unique partial index on open sessions: another admin's start won the race.
            db.ChangeTracker.Clear();
            return InterventionRunning;
        }
    }

    /// <summary>Closes overdue open sessions as abandoned (the sweeper). Returns how many it closed.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = time.UtcNowStored();
        var due = await db.Sessions.AsNoTracking().Where(x => x.EndTime == null && x.Deadline <= now).OrderBy(x => x.Deadline).Select(x => x.SessionId).Take(100).ToListAsync(ct).ConfigureAwait(false);
        var closed = 0;
        foreach (var id in due)
        {
            var result = await transactions.RunAsync<bool>(db, async c => await AbandonAsync(id, now, c).ConfigureAwait(false), ct).ConfigureAwait(false);
            db.ChangeTracker.Clear();
            if (result.Value) closed++;
        }

        return closed;
    }

    /// <summary>
    /// In the caller's transaction: closes the session as abandoned if it is still open and overdue (conditional
    /// update), with its audit row and event. End time is the deadline: that is when it was abandoned.
    /// </summary>
    internal async Task<bool> AbandonAsync(string sessionId, DateTimeOffset now, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().SingleAsync(x => x.SessionId == sessionId, ct).ConfigureAwait(false);
        var resolution = (int)Math.Ceiling((session.Deadline - session.StartTime).TotalSeconds);
        var rows = await db.Sessions
            .Where(x => x.SessionId == sessionId && x.EndTime == null && x.Deadline <= now)
            .ExecuteUpdateAsync(u => u
                .SetProperty(x => x.Status, SessionStatus.Abandoned)
                .SetProperty(x => x.Outcome, SessionOutcome.Abandoned)
                .SetProperty(x => x.EndTime, x => x.Deadline)
                .SetProperty(x => x.ResolutionTime, resolution)
                .SetProperty(x => x.Version, x => x.Version + 1), ct).ConfigureAwait(false);
        if (rows == 0) return false;
        var customer = await db.Customers.AsNoTracking().SingleAsync(x => x.CustomerId == session.CustomerId, ct).ConfigureAwait(false);
        db.AuditLog.Add(AuditEntry.Create(op, time, "retention.intervention.abandoned", "retention-session", sessionId, session.Snapshot(),
            new { Status = "abandoned", Outcome = "abandoned", EndTime = session.Deadline, session.PaymentAttempts, Version = session.Version + 1 }));
        db.Outbox.Add(OutboxMessage.Create(op, time, RetentionEvents.InterventionAbandoned, customer.UserEcosystemId, new
        {
            sessionId, customerId = session.CustomerId, outcome = "abandoned", resolutionTime = resolution, lastStatus = Kebab.Of(session.Status), retention = customer.RiskState(),
        }));
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return true;
    }

    private static string Duration(TimeSpan t) =>
        t.TotalSeconds % 60 == 0 ? $"{(int)t.TotalMinutes} minute{(t.TotalMinutes == 1 ? "" : "s")}" : $"{(int)t.TotalSeconds} seconds";
}
