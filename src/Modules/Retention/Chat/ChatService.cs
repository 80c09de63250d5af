using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Outbox;
using Ecosystem.Platform.Settings;
using Ecosystem.Retention.Agent;
using Ecosystem.Retention.Contracts;
using Ecosystem.Retention.Customers;
using Ecosystem.Retention.Data;
using Ecosystem.Platform.Payments;
using Ecosystem.Retention.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Retention.Chat;

/// <summary>
/// The customer's side of a session, authorized by the chat link's token. Every write is one conditional update on
/// the session row — <c>WHERE version = @seen AND end_time IS NULL AND deadline &gt; @now</c> — so a write racing
/// the timer, the sweeper or another tab either wins completely or changes nothing (410 after the deadline).
/// Model calls and the gateway call happen outside any transaction.
/// </summary>
internal sealed partial class ChatService(
    RetentionDbContext db, Transactions transactions, OperationContext op, TimeProvider time,
    RetentionAgent agent, IPaymentGateway gateway, ChatMessageFactory chatMessages, SettingsService settings, ILogger<ChatService> logger)
{
    public static readonly Error ChatNotFound = Error.NotFound("CHAT_NOT_FOUND", "This chat link is not valid.");
    public static readonly Error SessionExpired = new("SESSION_EXPIRED", 410, "This chat has expired. The 3-minute window is over.");
    public static readonly Error SessionClosed = Error.Conflict("SESSION_CLOSED", "This chat has ended.");
    public static readonly Error SessionBusy = Error.Conflict("SESSION_BUSY", "The chat changed while your message was sent; please send it again.");
    public static readonly Error CardNotRequested = Error.Conflict("CARD_NOT_REQUESTED", "Tell the assistant you want to update your card first.");
    public static readonly Error CardInChat = Error.Unprocessable("CARD_IN_CHAT", "Please don't type card numbers in the chat; use the secure card form instead.");
    public static readonly Error PaymentInProgress = Error.Conflict("PAYMENT_IN_PROGRESS", "Your card is being processed.");

    public async Task<Result<ChatView>> GetAsync(string token, CancellationToken ct)
    {
        var loaded = await LoadAsync(token, ct).ConfigureAwait(false);
        if (!loaded.IsSuccess) return loaded.Error!;
        return await ViewAsync(loaded.Value!, ct).ConfigureAwait(false);
    }

    public async Task<Result<ChatView>> SendAsync(string token, string? content, CancellationToken ct)
    {
        var v = new Validator().Text(content, "content", 1000);
        if (!v.IsValid) return v.ToError();
        var text = content!.Trim();
        if (LooksLikeCardNumber(text)) return CardInChat;
        var loaded = await LoadAsync(token, ct).ConfigureAwait(false);
        if (!loaded.IsSuccess) return loaded.Error!;
        var session = loaded.Value!;
        if (!ChatSession.IsOpenStatus(session.Status)) return SessionClosed;
        if (session.Status == SessionStatus.PaymentProcessing) return PaymentInProgress;

        var (customer, card) = await CustomerAsync(session.CustomerId, ct).ConfigureAwait(false);
        var history = await HistoryAsync(session.SessionId, ct).ConfigureAwait(false);
        var (intent, topic) = await agent.UnderstandAsync(text, ct).ConfigureAwait(false);
        var decision = Conversation.OnCustomerMessage(session.Status, session.Declines, intent);
        var facts = AgentFactsBuilder.Facts(customer, card, session.PhrasingSeed, history.Count, SecondsLeft(session), time.GetUtcNow()) with { Topic = topic };
        var reply = await agent.PhraseAsync(decision.Step, facts, [.. history, (true, text)], ct).ConfigureAwait(false);

        return await WriteTurnAsync(session, customer, decision, "retention.chat.turn", [(Sender.Customer, text, intent is Intent.Affirm or Intent.Decline or Intent.Refuse ? MessageType.Confirmation : MessageType.Question), (Sender.Ai, reply, decision.MessageType)], null, ct).ConfigureAwait(false);
    }

    /// <summary>With Stripe, only the browser-made PaymentMethod id; raw card fields are refused, never forwarded.</summary>
    private static Validator ValidateToken(CardRequest request) => new Validator()
        .Require(request.PaymentMethodId is { Length: > 3 and <= 100 } pm && pm.StartsWith("pm_", StringComparison.Ordinal) && pm.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'),
            "paymentMethodId", "The card form did not finish. Enter the card again.")
        .Require(request.CardNumber is null && request.Cvc is null && request.ExpMonth is null && request.ExpYear is null,
            "cardNumber", "This chat takes the card through Stripe's secure form; card numbers are not accepted here.");

    public async Task<Result<ChatView>> SubmitCardAsync(string token, CardRequest request, CancellationToken ct)
    {
        var now = time.UtcNowStored();
        var byToken = gateway.Name == PaymentOptions.StripeProvider;
        var number = byToken ? null : CardNumbers.Normalize(request.CardNumber);
        var v = byToken ? ValidateToken(request) : new Validator()
            .Require(request.PaymentMethodId is null, "paymentMethodId", "This chat takes the card details themselves, not a Stripe payment method.")
            .Require(number is not null, "cardNumber", "Enter the card number: 12 to 19 digits.")
            .Require(number is null || CardNumbers.IsLuhnValid(number), "cardNumber", "That card number is not valid. Check the digits.")
            .Require(request.ExpMonth is >= 1 and <= 12, "expMonth", "Enter the expiry month, from 1 to 12.")
            .Require(request.ExpYear is { } y && y >= now.Year && y <= now.Year + 20, "expYear", "Enter the expiry year with four digits, this year or later.")
            .Require(request.Cvc is { Length: 3 or 4 } cvc && cvc.All(char.IsAsciiDigit), "cvc", "Enter the security code (CVC): the 3 or 4 digits on the card.");
        if (!byToken && request.ExpMonth is >= 1 and <= 12 && request.ExpYear == now.Year && request.ExpMonth < now.Month) v.Add("expMonth", "The card has already expired.");
        if (!v.IsValid) return v.ToError();

        var loaded = await LoadAsync(token, ct).ConfigureAwait(false);
        if (!loaded.IsSuccess) return loaded.Error!;
        var session = loaded.Value!;
        if (!ChatSession.IsOpenStatus(session.Status)) return SessionClosed;
        if (session.Status == SessionStatus.PaymentProcessing) return PaymentInProgress;
        if (session.Status != SessionStatus.PaymentRequested) return CardNotRequested;
        var (customer, oldCard) = await CustomerAsync(session.CustomerId, ct).ConfigureAwait(false);

        // 1. payment-processing, conditionally (deadline checked in the same statement).
        var attempt = session.PaymentAttempts + 1;
        var started = await transactions.RunAsync<ChatSession>(db, async c =>
        {
            var at = time.UtcNowStored();
            var rows = await db.Sessions
                .Where(x => x.SessionId == session.SessionId && x.Version == session.Version && x.EndTime == null && x.Deadline > at)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(x => x.Status, SessionStatus.PaymentProcessing)
                    .SetProperty(x => x.PaymentAttempted, true)
                    .SetProperty(x => x.PaymentAttempts, attempt)
                    .SetProperty(x => x.Version, session.Version + 1), c).ConfigureAwait(false);
            if (rows == 0) return await WhyNotAsync(session.SessionId, at, c).ConfigureAwait(false);
            db.AuditLog.Add(AuditEntry.Create(op, time, "retention.payment.submitted", "retention-session", session.SessionId, session.Snapshot(),
                new { Status = "payment-processing", Outcome = (string?)null, session.EndTime, PaymentAttempts = attempt, Version = session.Version + 1 }));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return await db.Sessions.AsNoTracking().SingleAsync(x => x.SessionId == session.SessionId, c).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        if (!started.IsSuccess) return started.Error!;
        session = started.Value!;

        // 2. The gateway, outside any transaction. The card lives only in this request's memory.
        CardSetupResult result;
        try
        {
            result = await gateway.SetupCardAsync(new CardSetupRequest(customer.CustomerId, customer.Email, customer.Name, $"{session.SessionId}:{attempt}",
                byToken ? null : new CardInput(number!, request.ExpMonth!.Value, request.ExpYear!.Value, request.Cvc!), byToken ? request.PaymentMethodId : null), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException or InvalidOperationException)
        {
            LogGatewayFailed(logger, gateway.Name, ex.GetType().Name);
            result = new CardSetupResult(PaymentOutcome.ProcessingError, null, null, null, null, null, "The payment service did not answer.");
        }

        // 3. Completed or back to payment-requested, again only before the deadline.
        var maxAttempts = await settings.GetAsync<int>(RetentionSettings.MaxPaymentAttempts, ct).ConfigureAwait(false);
        var decision = Conversation.AfterPayment(result.Succeeded, attempt, maxAttempts, session.Declines);
        var history = await HistoryAsync(session.SessionId, ct).ConfigureAwait(false);
        var facts = AgentFactsBuilder.Facts(customer, oldCard, session.PhrasingSeed, history.Count, SecondsLeft(session), time.GetUtcNow())
            with { GatewayMessage = result.Message ?? result.Status.ToString() };
        var reply = await agent.PhraseAsync(decision.Step, facts, history, ct).ConfigureAwait(false);
        return await WriteTurnAsync(session, customer, decision, result.Succeeded ? "retention.payment-method.updated" : "retention.payment.failed",
            [(Sender.Ai, reply, decision.MessageType)], result, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies one decided turn: a conditional update of the session (seen version, still open, before the
    /// deadline), the turn's messages, one audit row and the events — one transaction. On success of a payment, the
    /// new card (brand, last four, expiry only) becomes the default and the customer is resolved.
    /// </summary>
    private async Task<Result<ChatView>> WriteTurnAsync(ChatSession session, Customer customer, TurnDecision decision, string action,
        IReadOnlyList<(Sender Sender, string Text, MessageType Type)> messages, CardSetupResult? payment, CancellationToken ct)
    {
        var written = await transactions.RunAsync<ChatSession>(db, async c =>
        {
            var now = time.UtcNowStored();
            var final = !ChatSession.IsOpenStatus(decision.Status);
            DateTimeOffset? end = final ? (now > session.StartTime ? now : session.StartTime.AddTicks(10)) : null;
            int? resolution = end is { } e ? (int)Math.Ceiling((e - session.StartTime).TotalSeconds) : null;
            var rows = await db.Sessions
                .Where(x => x.SessionId == session.SessionId && x.Version == session.Version && x.EndTime == null && x.Deadline > now)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(x => x.Status, decision.Status)
                    .SetProperty(x => x.Outcome, decision.Outcome)
                    .SetProperty(x => x.EndTime, end)
                    .SetProperty(x => x.ResolutionTime, resolution)
                    .SetProperty(x => x.Declines, decision.Declines)
                    .SetProperty(x => x.Version, session.Version + 1), c).ConfigureAwait(false);
            if (rows == 0) return await WhyNotAsync(session.SessionId, now, c).ConfigureAwait(false);

            var tracked = await db.Customers.ForUpdate().SingleAsync(x => x.CustomerId == customer.CustomerId, c).ConfigureAwait(false);
            var customerBefore = tracked.Snapshot();
            var sequence = await db.Messages.CountAsync(m => m.SessionId == session.SessionId, c).ConfigureAwait(false);
            foreach (var (sender, text, type) in messages)
            {
                var message = chatMessages.NewMessage(session.SessionId, sequence++, sender, text, type, now);
                db.Messages.Add(message);
                db.Outbox.Add(chatMessages.MessageEvent(tracked, session.SessionId, message));
            }

            object? card = null;
            if (payment is { Succeeded: true })
            {
                foreach (var old in await db.PaymentMethods.Where(p => p.CustomerId == customer.CustomerId && p.IsDefault).ToListAsync(c).ConfigureAwait(false)) old.IsDefault = false;
                var method = new PaymentMethod
                {
                    PaymentMethodId = Ids.New("pm", time),
                    CustomerId = customer.CustomerId,
                    CardType = CustomerService.KnownCardTypes.Contains(payment.Brand) ? payment.Brand! : "visa",
                    LastFourDigits = payment.Last4!,
                    ExpiryMonth = payment.ExpMonth!.Value,
                    ExpiryYear = payment.ExpYear!.Value,
                    Status = PaymentMethodStatus.Active,
                    IsDefault = true,
                    Gateway = gateway.Name,
                    GatewayPaymentMethodId = payment.GatewayPaymentMethodId,
                    CreatedAt = now,
                };
                db.PaymentMethods.Add(method);
                tracked.Resolve(now);
                tracked.LinkGatewayCustomer(payment.GatewayCustomerId);
                card = new { method.PaymentMethodId, method.CardType, method.LastFourDigits, method.ExpiryMonth, method.ExpiryYear };
                db.Outbox.Add(OutboxMessage.Create(op, time, RetentionEvents.PaymentMethodUpdated, tracked.UserEcosystemId, new
                {
                    sessionId = session.SessionId, customerId = tracked.CustomerId, paymentMethodId = method.PaymentMethodId, brand = method.CardType,
                    last4 = method.LastFourDigits, expMonth = method.ExpiryMonth, expYear = method.ExpiryYear, gateway = gateway.Name, retention = tracked.RiskState(),
                }));
            }
            else if (decision.Outcome == SessionOutcome.CustomerDeclined)
            {
                tracked.Churn(now);
            }

            db.AuditLog.Add(AuditEntry.Create(op, time, action, "retention-session", session.SessionId,
                new { session = session.Snapshot(), customer = customerBefore },
                new { session = new { Status = Kebab.Of(decision.Status), Outcome = Kebab.Of(decision.Outcome), EndTime = end, session.PaymentAttempts, Version = session.Version + 1 }, customer = tracked.Snapshot(), card }));
            if (final)
            {
                db.Outbox.Add(OutboxMessage.Create(op, time, RetentionEvents.InterventionCompleted, tracked.UserEcosystemId, new
                {
                    sessionId = session.SessionId, customerId = tracked.CustomerId, outcome = Kebab.Of(decision.Outcome!.Value), resolutionTime = resolution!.Value,
                    paymentAttempts = session.PaymentAttempts, retention = tracked.RiskState(),
                }));
            }

            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return await db.Sessions.AsNoTracking().SingleAsync(x => x.SessionId == session.SessionId, c).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        if (!written.IsSuccess) return written.Error!;
        return await ViewAsync(written.Value!, ct).ConfigureAwait(false);
    }

    /// <summary>Why a conditional update changed nothing: past the deadline (close it now, 410), ended, or changed meanwhile.</summary>
    private async Task<Error> WhyNotAsync(string sessionId, DateTimeOffset now, CancellationToken ct)
    {
        var current = await db.Sessions.AsNoTracking().SingleAsync(x => x.SessionId == sessionId, ct).ConfigureAwait(false);
        if (current.Status == SessionStatus.Abandoned || (current.IsOpen && current.Deadline <= now)) return SessionExpired;
        if (!current.IsOpen) return SessionClosed;
        return SessionBusy;
    }

    private async Task<Result<ChatSession>> LoadAsync(string token, CancellationToken ct)
    {
        if (!ChatTokens.LooksValid(token)) return ChatNotFound;
        var hash = ChatTokens.Hash(token);
        var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(x => x.TokenHash == hash, ct).ConfigureAwait(false);
        if (session is null) return ChatNotFound;
        op.ActorId = "customer:" + session.CustomerId;
        op.ActorRole = "customer";
        op.Channel = "chat";
        // The link expires with the session: after the deadline it opens nothing, whatever the outcome.
        if (session.Status == SessionStatus.Abandoned || time.GetUtcNow() >= session.Deadline) return SessionExpired;
        return session;
    }

    private async Task<(Customer, PaymentMethod?)> CustomerAsync(string customerId, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleAsync(x => x.CustomerId == customerId, ct).ConfigureAwait(false);
        var card = await db.PaymentMethods.AsNoTracking().Where(p => p.CustomerId == customerId && p.IsDefault).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        return (customer, card);
    }

    private async Task<List<(bool FromCustomer, string Text)>> HistoryAsync(string sessionId, CancellationToken ct) =>
        (await db.Messages.AsNoTracking().Where(m => m.SessionId == sessionId).OrderBy(m => m.Sequence).Select(m => new { m.Sender, m.Content }).ToListAsync(ct).ConfigureAwait(false))
        .Select(m => (m.Sender == Sender.Customer, m.Content)).ToList();

    /// <summary>A Luhn-valid run of 12–19 digits (spaces/dashes allowed) in a chat message is a card number: never stored.</summary>
    internal static bool LooksLikeCardNumber(string text)
    {
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"\d[\d -]{10,30}\d"))
        {
            var digits = new string(m.Value.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length is >= 12 and <= 19 && CardNumbers.IsLuhnValid(digits)) return true;
        }

        return false;
    }

    private int SecondsLeft(ChatSession s) => Math.Max(0, (int)Math.Ceiling((s.Deadline - time.GetUtcNow()).TotalSeconds));

    private async Task<ChatView> ViewAsync(ChatSession session, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleAsync(x => x.CustomerId == session.CustomerId, ct).ConfigureAwait(false);
        var messages = await db.Messages.AsNoTracking().Where(m => m.SessionId == session.SessionId).OrderBy(m => m.Sequence).ToListAsync(ct).ConfigureAwait(false);
        var open = ChatSession.IsOpenStatus(session.Status);
        return new ChatView(Kebab.Of(session.Status), Kebab.Of(session.Outcome), customer.Name.Split(' ', 2)[0], Kebab.Of(session.RiskCategory), session.Deadline,
            open ? SecondsLeft(session) : 0, session.Status == SessionStatus.PaymentRequested, gateway.Name,
            messages.Select(m => new ChatViewMessage(Kebab.Of(m.Sender), m.Content, Kebab.Of(m.MessageType), m.Timestamp)).ToList());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Gateway} payment gateway failed ({Error}); the customer may retry.")]
    private static partial void LogGatewayFailed(ILogger logger, string gateway, string error);
}
