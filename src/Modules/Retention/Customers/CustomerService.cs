using System.Globalization;
using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Outbox;
using Ecosystem.Retention.Agent;
using Ecosystem.Retention.Data;
using Ecosystem.Retention.Domain;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Retention;

public sealed record PaymentMethodInput(string? CardType, string? LastFourDigits, int? ExpiryMonth, int? ExpiryYear, int? FailureCount, DateTimeOffset? LastFailureDate);

public sealed record CreateCustomerRequest(
    string? Name, string? Email, string? Phone, string? Plan, long? AccountValue, string? Currency, DateTimeOffset? CustomerSince,
    DateTimeOffset? LastPaymentDate, string? Username, PaymentMethodInput? PaymentMethod);

public sealed record CustomerResponse(
    string CustomerId, string UserEcosystemId, string Name, string Email, string? Phone, string Plan, string AccountStatus, string? RiskCategory,
    string? RiskSeverity, DateTimeOffset? RiskDetectedAt, DateTimeOffset? LastPaymentDate, long AccountValue, string Currency, DateTimeOffset CustomerSince);

public sealed record PaymentMethodResponse(
    string PaymentMethodId, string CardType, string LastFourDigits, int ExpiryMonth, int ExpiryYear, string Status, int FailureCount,
    DateTimeOffset? LastFailureDate, DateTimeOffset? LastSuccessDate, bool IsDefault, string Gateway, DateTimeOffset CreatedAt);

public sealed record SessionSummary(
    string SessionId, string CustomerId, string AdminUserId, string Status, string? Outcome, DateTimeOffset StartTime, DateTimeOffset Deadline,
    DateTimeOffset? EndTime, int? ResolutionTime, bool PaymentAttempted, int PaymentAttempts, string RiskCategory, long AccountValue, string Currency);

public sealed record CustomerDetailResponse(
    CustomerResponse Customer, IReadOnlyList<PaymentMethodResponse> PaymentMethods, IReadOnlyList<SessionSummary> Sessions, IReadOnlyList<PaymentFailureResponse> PaymentFailures);

/// <summary>A failed charge to record (<c>POST /api/retention/customers/{id}/payment-failures</c>): amount in minor units.</summary>
public sealed record PaymentFailureRequest(long? Amount, string? Currency, string? Reason);

public sealed record PaymentFailureResponse(
    string PaymentFailureId, string CustomerId, string PaymentMethodId, long Amount, string Currency, string Reason, string Source, DateTimeOffset OccurredAt,
    int FailureCount, string AccountStatus, string? RiskCategory, string? RiskSeverity);

public sealed record MessageResponse(string MessageId, string Sender, string Content, string MessageType, DateTimeOffset Timestamp);

public sealed record SessionResponse(SessionSummary Session, string CustomerName, int SecondsLeft, IReadOnlyList<MessageResponse> Messages, int Version);

public sealed record InterventionResponse(string SessionId, string ChatUrl, DateTimeOffset Deadline);

public sealed record RiskScanResponse(int Scanned, int NewlyAtRisk, int Regraded, IReadOnlyDictionary<string, int> ByCategory);

public sealed record MoneyAmount(long Amount, string Currency);

public sealed record MetricsDay(DateOnly Day, int Interventions, int Successes);

public sealed record MetricsResponse(
    DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, int TotalInterventions, int SuccessfulResolutions, double? AverageResolutionTime,
    double CustomerRetentionRate, IReadOnlyList<MoneyAmount> RevenueRetained, IReadOnlyDictionary<string, int> Outcomes, IReadOnlyList<MetricsDay> Daily);

public sealed record NotificationResponse(string NotificationId, string CustomerId, string? SessionId, string Channel, string Recipient, string Subject, string Body, string Status, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt);

/// <summary>
/// The retention team's use cases: customers, the risk scan, starting interventions, session views, metrics and
/// the notification outbox. Every state change is a compare-and-set (row lock + version, or a conditional update)
/// with one audit row and, where the domain says so, one event — in one transaction.
/// </summary>
internal sealed class RetentionService(
    RetentionDbContext db, Transactions transactions, OperationContext op, TimeProvider time, RetentionOptions options, IUserDirectory users, RetentionAgent agent)
{
    public static readonly Error CustomerNotFound = Error.NotFound("CUSTOMER_NOT_FOUND", "There is no retention customer with this id.");
    public static readonly Error SessionNotFound = Error.NotFound("SESSION_NOT_FOUND", "There is no chat session with this id.");
    public static readonly Error NotAtRisk = Error.Conflict("NOT_AT_RISK", "This customer is not at risk; run a risk scan or pick an at-risk customer.");
    public static readonly Error InterventionRunning = Error.Conflict("INTERVENTION_RUNNING", "An intervention for this customer is already running.");
    public static readonly string[] KnownCardTypes = ["visa", "mastercard", "amex", "discover"];

    // ---- customers ------------------------------------------------------------------------------------------

    public async Task<Result<CustomerDetailResponse>> CreateCustomerAsync(CreateCustomerRequest r, CancellationToken ct)
    {
        var now = time.UtcNowStored();
        var v = new Validator()
            .Text(r.Name, "name", 200)
            .Text(r.Email, "email", 254)
            .Text(r.Phone, "phone", 32, required: false)
            .Text(r.Plan, "plan", 100)
            .Require(r.AccountValue is > 0, "accountValue", "accountValue must be a positive amount in minor units.")
            .Require(r.Currency is null || Money.IsKnownCurrency(r.Currency), "currency", "currency must be a known ISO 4217 code (e.g. USD).")
            .Require(r.CustomerSince is null || r.CustomerSince <= now, "customerSince", "customerSince must not be in the future.")
            .Require(r.LastPaymentDate is null || r.LastPaymentDate <= now, "lastPaymentDate", "lastPaymentDate must not be in the future.")
            .Require(r.PaymentMethod is not null, "paymentMethod", "paymentMethod is required (the card on file).");
        if (r.Email is { Length: > 0 and <= 254 } email && !IsEmail(email)) v.Add("email", "email must be a valid email address.");
        if (r.Phone is { Length: > 0 } phone && !System.Text.RegularExpressions.Regex.IsMatch(phone, @"^\+?[0-9 ()-]{6,31}$")) v.Add("phone", "phone must be digits, spaces, dashes or parentheses, optionally starting with +.");
        if (r.PaymentMethod is { } pm) ValidateCard(v, pm, now);
        if (!v.IsValid) return v.ToError();

        string userEcosystemId;
        if (!string.IsNullOrWhiteSpace(r.Username))
        {
            var user = await users.FindByUsernameAsync(r.Username.Trim(), ct).ConfigureAwait(false);
            if (user is null) return Error.Unprocessable("USER_NOT_FOUND", "There is no user with this username to link the customer to.");
            userEcosystemId = user.UserEcosystemId;
        }
        else
        {
            userEcosystemId = StableUserId(r.Email!);
        }

        return await transactions.RunAsync<CustomerDetailResponse>(db, async c =>
        {
            if (await db.Customers.AnyAsync(x => x.UserEcosystemId == userEcosystemId, c).ConfigureAwait(false))
            {
                return Error.Conflict("CUSTOMER_EXISTS", "This person is already a retention customer.");
            }

            var customer = Customer.Create(Ids.New("cus", time), userEcosystemId, r.Name!.Trim(), r.Email!.Trim(), string.IsNullOrWhiteSpace(r.Phone) ? null : r.Phone.Trim(),
                r.Plan!.Trim(), new Money(r.AccountValue!.Value, r.Currency ?? "USD"), r.CustomerSince ?? now, r.LastPaymentDate, now);
            var card = r.PaymentMethod!;
            var method = new PaymentMethod
            {
                PaymentMethodId = Ids.New("pm", time),
                CustomerId = customer.CustomerId,
                CardType = card.CardType!.Trim().ToLowerInvariant(),
                LastFourDigits = card.LastFourDigits!,
                ExpiryMonth = card.ExpiryMonth!.Value,
                ExpiryYear = card.ExpiryYear!.Value,
                FailureCount = card.FailureCount ?? 0,
                LastFailureDate = card.LastFailureDate,
                LastSuccessDate = r.LastPaymentDate,
                IsDefault = true,
                Gateway = "imported",
                CreatedAt = now,
            };
            method.Status = method.FailureCount > 0 ? PaymentMethodStatus.Failed : method.ExpiresAt <= now ? PaymentMethodStatus.Expired : PaymentMethodStatus.Active;
            db.Customers.Add(customer);
            db.PaymentMethods.Add(method);
            db.AuditLog.Add(AuditEntry.Create(op, time, "retention.customer.created", "retention-customer", customer.CustomerId, null,
                new { customer.Name, customer.Plan, customer.AccountValue, customer.Currency, card = new { method.CardType, method.LastFourDigits, method.ExpiryMonth, method.ExpiryYear, method.FailureCount } }));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return new CustomerDetailResponse(ToResponse(customer), [ToResponse(method)], [], []);
        }, ct).ConfigureAwait(false);
    }

    /// <summary>A person without an Identity account still gets a stable userEcosystemId (derived from the email).</summary>
    internal static string StableUserId(string email) =>
        "usr_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("retention:" + email.Trim().ToLowerInvariant())))[..32];

    private static bool IsEmail(string email) =>
        System.Text.RegularExpressions.Regex.IsMatch(email.Trim(), @"^[^@\s]+@[^@\s]+\.[^@\s]+$") && System.Net.Mail.MailAddress.TryCreate(email.Trim(), out _);

    private void ValidateCard(Validator v, PaymentMethodInput pm, DateTimeOffset now)
    {
        v.Require(pm.CardType is not null && KnownCardTypes.Contains(pm.CardType.Trim().ToLowerInvariant()), "paymentMethod.cardType", "cardType must be visa, mastercard, amex or discover.")
            .Require(pm.LastFourDigits is { Length: 4 } l && l.All(char.IsAsciiDigit), "paymentMethod.lastFourDigits", "lastFourDigits must be exactly 4 digits.")
            .Require(pm.ExpiryMonth is >= 1 and <= 12, "paymentMethod.expiryMonth", "expiryMonth must be 1–12.")
            .Require(pm.ExpiryYear is { } y && y >= now.Year - 5 && y <= now.Year + 20, "paymentMethod.expiryYear", "expiryYear must be a four-digit year near today.")
            .Require(pm.FailureCount is null or >= 0 and <= 100, "paymentMethod.failureCount", "failureCount must be between 0 and 100.")
            .Require(pm.LastFailureDate is null || pm.LastFailureDate <= now, "paymentMethod.lastFailureDate", "lastFailureDate must not be in the future.");
    }

    public async Task<Result<Page<CustomerResponse>>> ListCustomersAsync(string? status, string? riskCategory, string? riskSeverity, int? limit, string? cursor, CancellationToken ct)
    {
        var paging = Paging.Parse(limit, cursor);
        if (!paging.IsSuccess) return paging.Error!;
        var (take, after) = paging.Value;
        var v = new Validator();
        AccountStatus s = default;
        RiskCategory cat = default;
        RiskSeverity sev = default;
        if (!string.IsNullOrEmpty(status) && !Kebab.TryParse(status, out s)) v.Add("status", "status must be active, at-risk, resolved or churned.");
        if (!string.IsNullOrEmpty(riskCategory) && !Kebab.TryParse(riskCategory, out cat)) v.Add("riskCategory", "riskCategory must be expiring-card or failed-payment.");
        if (!string.IsNullOrEmpty(riskSeverity) && !Kebab.TryParse(riskSeverity, out sev)) v.Add("riskSeverity", "riskSeverity must be low, medium or high.");
        (long Value, string Id)? keyset = null;
        if (after is not null)
        {
            var parsed = Paging.ParseKeyset(after);
            if (!parsed.IsSuccess) return parsed.Error!;
            keyset = parsed.Value;
        }

        if (!v.IsValid) return v.ToError();
        var query = db.Customers.AsNoTracking();
        if (!string.IsNullOrEmpty(status)) query = query.Where(x => x.AccountStatus == s);
        if (!string.IsNullOrEmpty(riskCategory)) query = query.Where(x => x.RiskCategory == cat);
        if (!string.IsNullOrEmpty(riskSeverity)) query = query.Where(x => x.RiskSeverity == sev);
        if (keyset is { } k) query = query.Where(x => x.AccountValue < k.Value || (x.AccountValue == k.Value && string.Compare(x.CustomerId, k.Id) > 0));
        // Most money at stake first.
        var rows = await query.OrderByDescending(x => x.AccountValue).ThenBy(x => x.CustomerId).Take(take + 1).ToListAsync(ct).ConfigureAwait(false);
        return Paging.ToPage(rows, take, x => x.AccountValue.ToString(CultureInfo.InvariantCulture) + "|" + x.CustomerId, ToResponse);
    }

    public async Task<Result<CustomerDetailResponse>> GetCustomerAsync(string customerId, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(x => x.CustomerId == customerId, ct).ConfigureAwait(false);
        if (customer is null) return CustomerNotFound;
        var methods = await db.PaymentMethods.AsNoTracking().Where(p => p.CustomerId == customerId).OrderByDescending(p => p.PaymentMethodId).ToListAsync(ct).ConfigureAwait(false);
        var sessions = await db.Sessions.AsNoTracking().Where(x => x.CustomerId == customerId).OrderByDescending(x => x.SessionId).Take(50).ToListAsync(ct).ConfigureAwait(false);
        var failures = await db.PaymentFailures.AsNoTracking().Where(x => x.CustomerId == customerId).OrderByDescending(x => x.PaymentFailureId).Take(50).ToListAsync(ct).ConfigureAwait(false);
        var byId = methods.ToDictionary(m => m.PaymentMethodId, StringComparer.Ordinal);
        return new CustomerDetailResponse(ToResponse(customer), methods.Select(ToResponse).ToList(), sessions.Select(ToSummary).ToList(),
            failures.Select(f => ToResponse(f, customer, byId.GetValueOrDefault(f.PaymentMethodId))).ToList());
    }

    // ---- failed charges -------------------------------------------------------------------------------------

    public static readonly Error NoPaymentMethod = Error.Conflict("NO_PAYMENT_METHOD", "This customer has no card on file to record a failed charge against.");

    /// <summary>Largest failed charge an admin can record (minor units): a typo guard, far above any plan.</summary>
    public const long MaxFailureAmount = 100_000_000;

    /// <summary>An admin records a failed charge on the customer's default card (e.g. reported by the billing system).</summary>
    public Task<Result<PaymentFailureResponse>> RecordPaymentFailureAsync(string customerId, PaymentFailureRequest r, CancellationToken ct)
    {
        var v = new Validator()
            .Require(r.Amount is > 0 and <= MaxFailureAmount, "amount", "amount must be a positive amount in minor units (at most 100000000).")
            .Require(r.Currency is not null && Money.IsKnownCurrency(r.Currency), "currency", "currency must be a known ISO 4217 code (e.g. USD).")
            .Text(r.Reason, "reason", 200);
        if (!v.IsValid) return Task.FromResult<Result<PaymentFailureResponse>>(v.ToError());
        return ApplyPaymentFailureAsync(customerId, new Money(r.Amount!.Value, r.Currency!), r.Reason!.Trim(), "admin", null, ct);
    }

    /// <summary>
    /// One failed charge, in one transaction: the customer row locked (compare-and-set on its version), the default
    /// card's failure count + 1 and last failure date, the customer re-graded by <see cref="RiskRules"/>, the failure
    /// row, one audit row and one <c>com.ecosystem.retention.payment.failed</c> event. A Stripe delivery is recorded in
    /// the same transaction (<paramref name="delivery"/>), so an event id is applied at most once.
    /// </summary>
    internal Task<Result<PaymentFailureResponse>> ApplyPaymentFailureAsync(string customerId, Money amount, string reason, string source, WebhookEvent? delivery, CancellationToken ct) =>
        transactions.RunAsync<PaymentFailureResponse>(db, async c =>
        {
            if (delivery is not null)
            {
                if (await db.WebhookEvents.AnyAsync(x => x.EventId == delivery.EventId, c).ConfigureAwait(false)) return DuplicateDelivery;
                db.WebhookEvents.Add(delivery);
            }

            var customer = await db.Customers.ForUpdate().SingleOrDefaultAsync(x => x.CustomerId == customerId, c).ConfigureAwait(false);
            if (customer is null) return CustomerNotFound;
            var card = await db.PaymentMethods.Where(p => p.CustomerId == customerId && p.IsDefault).FirstOrDefaultAsync(c).ConfigureAwait(false);
            if (card is null) return NoPaymentMethod;
            var now = time.UtcNowStored();
            var before = new { customer = customer.Snapshot(), card.FailureCount };
            customer.RecordPaymentFailure(card, now, options.ExpiringCardWindowDays);
            var failure = new PaymentFailure
            {
                PaymentFailureId = Ids.New("pf", time), CustomerId = customerId, PaymentMethodId = card.PaymentMethodId, Amount = amount.Minor, Currency = amount.Currency,
                Reason = reason, Source = source, ExternalRef = delivery?.EventId, OccurredAt = now,
            };
            db.PaymentFailures.Add(failure);
            db.AuditLog.Add(AuditEntry.Create(op, time, "retention.payment.failed", "retention-customer", customerId, before,
                new { customer = customer.Snapshot(), card.FailureCount, failure.PaymentFailureId, failure.Amount, failure.Currency, failure.Reason, failure.Source, failure.ExternalRef }));
            db.Outbox.Add(OutboxMessage.Create(op, time, "com.ecosystem.retention.payment.failed", customer.UserEcosystemId, new
            {
                customerId, paymentFailureId = failure.PaymentFailureId, amount = failure.Amount, currency = failure.Currency, source, failureCount = card.FailureCount,
                retention = customer.RiskState(),
            }));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return ToResponse(failure, customer, card);
        }, ct);

    /// <summary>The Stripe delivery was already applied (or is being applied by a concurrent redelivery).</summary>
    internal static readonly Error DuplicateDelivery = Error.Conflict("STRIPE_EVENT_DUPLICATE", "This Stripe event was already processed.");

    // ---- risk scan ------------------------------------------------------------------------------------------

    /// <summary>
    /// Marks customers at risk by <see cref="RiskRules"/>. Each customer is re-read locked and changed only when its
    /// category or severity differs (compare-and-set on its version), so the scan is idempotent and safe to run from
    /// the background job and the button at once.
    /// </summary>
    public async Task<RiskScanResponse> ScanAsync(CancellationToken ct)
    {
        var now = time.UtcNowStored();
        var candidates = await (from c in db.Customers.AsNoTracking()
                                join p in db.PaymentMethods.AsNoTracking() on c.CustomerId equals p.CustomerId
                                where p.IsDefault && c.AccountStatus != AccountStatus.Churned
                                select new { c.CustomerId, c.AccountValue, c.AccountStatus, c.RiskCategory, c.RiskSeverity, Card = p })
            .ToListAsync(ct).ConfigureAwait(false);
        int newly = 0, regraded = 0;
        var byCategory = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            if (RiskRules.Evaluate(candidate.Card, candidate.AccountValue, now, options.ExpiringCardWindowDays) is not { } risk) continue;
            if (candidate.AccountStatus == AccountStatus.AtRisk && candidate.RiskCategory == risk.Category && candidate.RiskSeverity == risk.Severity) continue;
            var changed = await transactions.RunAsync<int>(db, async c =>
            {
                var customer = await db.Customers.ForUpdate().SingleAsync(x => x.CustomerId == candidate.CustomerId, c).ConfigureAwait(false);
                var wasAtRisk = customer.AccountStatus == AccountStatus.AtRisk;
                var before = customer.Snapshot();
                if (!customer.MarkAtRisk(risk.Category, risk.Severity, now)) return 0;
                db.AuditLog.Add(AuditEntry.Create(op, time, "retention.risk.detected", "retention-customer", customer.CustomerId, before, customer.Snapshot()));
                db.Outbox.Add(OutboxMessage.Create(op, time, "com.ecosystem.retention.risk.detected", customer.UserEcosystemId, new
                {
                    customerId = customer.CustomerId, riskCategory = Kebab.Of(risk.Category), riskSeverity = Kebab.Of(risk.Severity),
                    daysToExpiry = risk.DaysToExpiry, failureCount = candidate.Card.FailureCount, retention = customer.RiskState(),
                }));
                await db.SaveChangesAsync(c).ConfigureAwait(false);
                return wasAtRisk ? 2 : 1;
            }, ct).ConfigureAwait(false);
            db.ChangeTracker.Clear();
            if (changed.Value == 0) continue;
            if (changed.Value == 1) newly++;
            else regraded++;
            var key = Kebab.Of(risk.Category);
            byCategory[key] = byCategory.GetValueOrDefault(key) + 1;
        }

        return new RiskScanResponse(candidates.Count, newly, regraded, byCategory);
    }

    // ---- interventions --------------------------------------------------------------------------------------

    public async Task<Result<InterventionResponse>> StartInterventionAsync(string customerId, string adminUserId, string baseUrl, CancellationToken ct)
    {
        var snapshot = await db.Customers.AsNoTracking().SingleOrDefaultAsync(x => x.CustomerId == customerId, ct).ConfigureAwait(false);
        if (snapshot is null) return CustomerNotFound;
        if (snapshot.AccountStatus != AccountStatus.AtRisk) return NotAtRisk;
        var card = await db.PaymentMethods.AsNoTracking().Where(p => p.CustomerId == customerId && p.IsDefault).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        var now = time.UtcNowStored();
        var seed = System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue);
        var facts = Facts(snapshot, card, seed, 0, (int)options.SessionLimit.TotalSeconds, now);
        // Phrase the greeting before the transaction: a model call never holds a database lock.
        var greeting = await agent.PhraseAsync(AgentStep.Greeting, facts, [], ct).ConfigureAwait(false);
        var token = ChatTokens.New();
        var chatUrl = $"{baseUrl.TrimEnd('/')}/chat/{token}";

        try
        {
            return await transactions.RunAsync<InterventionResponse>(db, async c =>
            {
                var customer = await db.Customers.ForUpdate().SingleOrDefaultAsync(x => x.CustomerId == customerId, c).ConfigureAwait(false);
                if (customer is null) return CustomerNotFound;
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
                var message = NewMessage(session.SessionId, 0, Sender.Ai, greeting, MessageType.Greeting, now);
                db.Messages.Add(message);
                var firstName = customer.Name.Split(' ', 2)[0];
                db.Notifications.Add(new Notification
                {
                    NotificationId = Ids.New("ntf", time),
                    CustomerId = customerId,
                    SessionId = session.SessionId,
                    Channel = customer.Phone is null ? "email" : "sms",
                    Recipient = customer.Phone ?? customer.Email,
                    Subject = "A quick question about your payment card",
                    Body = $"Hi {firstName}, we need a minute of your time about your payment card. Chat with us here (the link works for the next {Duration(options.SessionLimit)}): {chatUrl}",
                    // Embedded default sender: the console's notification outbox is the mailbox, so delivery is immediate.
                    Status = "delivered",
                    CreatedAt = now,
                    DeliveredAt = now,
                });
                db.AuditLog.Add(AuditEntry.Create(op, time, "retention.intervention.started", "retention-session", session.SessionId, null,
                    new { session.CustomerId, session.AdminUserId, status = Kebab.Of(session.Status), session.StartTime, session.Deadline }));
                db.Outbox.Add(OutboxMessage.Create(op, time, "com.ecosystem.retention.intervention.started", customer.UserEcosystemId, new
                {
                    sessionId = session.SessionId, customerId, riskCategory = Kebab.Of(session.RiskCategory), deadline = session.Deadline, retention = customer.RiskState(),
                }));
                db.Outbox.Add(MessageEvent(customer, session.SessionId, message));
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
        db.Outbox.Add(OutboxMessage.Create(op, time, "com.ecosystem.retention.intervention.abandoned", customer.UserEcosystemId, new
        {
            sessionId, customerId = session.CustomerId, outcome = "abandoned", resolutionTime = resolution, lastStatus = Kebab.Of(session.Status), retention = customer.RiskState(),
        }));
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return true;
    }

    // ---- sessions, notifications, metrics -------------------------------------------------------------------

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

    public async Task<Result<Page<NotificationResponse>>> ListNotificationsAsync(int? limit, string? cursor, CancellationToken ct)
    {
        var paging = Paging.Parse(limit, cursor);
        if (!paging.IsSuccess) return paging.Error!;
        var (take, after) = paging.Value;
        var query = db.Notifications.AsNoTracking();
        if (after is not null) query = query.Where(n => string.Compare(n.NotificationId, after) < 0);
        var rows = await query.OrderByDescending(n => n.NotificationId).Take(take + 1).ToListAsync(ct).ConfigureAwait(false);
        return Paging.ToPage(rows, take, n => n.NotificationId, n => new NotificationResponse(n.NotificationId, n.CustomerId, n.SessionId, n.Channel, n.Recipient, n.Subject, n.Body, n.Status, n.CreatedAt, n.DeliveredAt));
    }

    /// <summary>
    /// The seed's ChurnPreventionMetrics for sessions started in [from, to): totalInterventions (sessions started),
    /// successfulResolutions (outcome payment-updated), averageResolutionTime (mean seconds start→end of those
    /// successes; null when none), customerRetentionRate (successes / interventions × 100, one decimal) and
    /// revenueRetained (sum of the monthly account value of the successes, per currency).
    /// </summary>
    public async Task<Result<MetricsResponse>> MetricsAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var end = to ?? time.UtcNowStored();
        var start = from ?? end.AddDays(-30);
        if (end <= start) return Error.Unprocessable("PERIOD_INVALID", "to (periodEnd) must be after from (periodStart).");
        if (end - start > TimeSpan.FromDays(366)) return Error.Unprocessable("PERIOD_TOO_LONG", "The period can be at most 366 days.");
        var sessions = await db.Sessions.AsNoTracking().Where(x => x.StartTime >= start && x.StartTime < end)
            .Select(x => new { x.StartTime, x.Outcome, x.ResolutionTime, x.AccountValue, x.Currency }).ToListAsync(ct).ConfigureAwait(false);
        var total = sessions.Count;
        var successes = sessions.Where(x => x.Outcome == SessionOutcome.PaymentUpdated).ToList();
        double? average = successes.Count == 0 ? null : Math.Round(successes.Average(x => (double)(x.ResolutionTime ?? 0)), 1);
        var rate = total == 0 ? 0 : Math.Round(successes.Count * 100.0 / total, 1);
        var revenue = successes.GroupBy(x => x.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new MoneyAmount(g.Sum(x => x.AccountValue), g.Key)).ToList();
        var outcomes = sessions.GroupBy(x => x.Outcome is { } o ? Kebab.Of(o) : "running").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var days = new List<MetricsDay>();
        if (end - start <= TimeSpan.FromDays(92))
        {
            for (var day = DateOnly.FromDateTime(start.UtcDateTime); day <= DateOnly.FromDateTime(end.AddTicks(-1).UtcDateTime); day = day.AddDays(1))
            {
                var d = day;
                days.Add(new MetricsDay(d, sessions.Count(x => DateOnly.FromDateTime(x.StartTime.UtcDateTime) == d), successes.Count(x => DateOnly.FromDateTime(x.StartTime.UtcDateTime) == d)));
            }
        }

        return new MetricsResponse(start, end, total, successes.Count, average, rate, revenue, outcomes, days);
    }

    // ---- shared helpers -------------------------------------------------------------------------------------

    internal ChatMessage NewMessage(string sessionId, int sequence, Sender sender, string content, MessageType type, DateTimeOffset at) => new()
    {
        MessageId = Ids.New("msg", time), SessionId = sessionId, Sequence = sequence, Sender = sender, Content = content, MessageType = type, Timestamp = at,
    };

    internal OutboxMessage MessageEvent(Customer customer, string sessionId, ChatMessage message) =>
        OutboxMessage.Create(op, time, "com.ecosystem.retention.chat.message.sent", customer.UserEcosystemId, new
        {
            sessionId, messageId = message.MessageId, sender = Kebab.Of(message.Sender), messageType = Kebab.Of(message.MessageType), length = message.Content.Length,
        });

    internal static AgentFacts Facts(Customer customer, PaymentMethod? card, int seed, int turn, int secondsLeft, DateTimeOffset now)
    {
        var money = customer.Value;
        var amount = money.Currency == "USD" ? "$" + money.ToString()[..^4] : money.ToString();
        var cardText = card is null ? "card on file" : $"{Capitalize(card.CardType)} ending in {card.LastFourDigits}";
        var when = card is null ? "soon"
            : customer.RiskCategory == RiskCategory.FailedPayment
                ? (card.LastFailureDate is { } f ? "on " + f.ToString("MMMM d", CultureInfo.InvariantCulture) : "recently")
                : card.ExpiresAt <= now ? "— it already expired at the end of " + new DateTime(card.ExpiryYear, card.ExpiryMonth, 1).ToString("MMMM yyyy", CultureInfo.InvariantCulture)
                : "at the end of " + new DateTime(card.ExpiryYear, card.ExpiryMonth, 1).ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        return new AgentFacts(customer.Name.Split(' ', 2)[0], customer.Plan, amount, Kebab.Of(customer.RiskCategory ?? RiskCategory.ExpiringCard), cardText, when,
            card?.FailureCount ?? 0, secondsLeft, seed, turn);
    }

    private static string Duration(TimeSpan t) =>
        t.TotalSeconds % 60 == 0 ? $"{(int)t.TotalMinutes} minute{(t.TotalMinutes == 1 ? "" : "s")}" : $"{(int)t.TotalSeconds} seconds";

    private static string Capitalize(string s) => s switch { "amex" => "American Express", "mastercard" => "Mastercard", _ when s.Length > 0 => char.ToUpperInvariant(s[0]) + s[1..], _ => s };

    internal static CustomerResponse ToResponse(Customer c) => new(
        c.CustomerId, c.UserEcosystemId, c.Name, c.Email, c.Phone, c.Plan, Kebab.Of(c.AccountStatus), Kebab.Of(c.RiskCategory), Kebab.Of(c.RiskSeverity),
        c.RiskDetectedAt, c.LastPaymentDate, c.AccountValue, c.Currency, c.CustomerSince);

    internal static PaymentMethodResponse ToResponse(PaymentMethod p) => new(
        p.PaymentMethodId, p.CardType, p.LastFourDigits, p.ExpiryMonth, p.ExpiryYear, Kebab.Of(p.Status), p.FailureCount, p.LastFailureDate, p.LastSuccessDate, p.IsDefault, p.Gateway, p.CreatedAt);

    internal static PaymentFailureResponse ToResponse(PaymentFailure f, Customer c, PaymentMethod? card) => new(
        f.PaymentFailureId, f.CustomerId, f.PaymentMethodId, f.Amount, f.Currency, f.Reason, f.Source, f.OccurredAt, card?.FailureCount ?? 0,
        Kebab.Of(c.AccountStatus), Kebab.Of(c.RiskCategory), Kebab.Of(c.RiskSeverity));

    internal static SessionSummary ToSummary(ChatSession s) => new(
        s.SessionId, s.CustomerId, s.AdminUserId, Kebab.Of(s.Status), Kebab.Of(s.Outcome), s.StartTime, s.Deadline, s.EndTime, s.ResolutionTime,
        s.PaymentAttempted, s.PaymentAttempts, Kebab.Of(s.RiskCategory), s.AccountValue, s.Currency);

    internal static MessageResponse ToResponse(ChatMessage m) => new(m.MessageId, Kebab.Of(m.Sender), m.Content, Kebab.Of(m.MessageType), m.Timestamp);
}
