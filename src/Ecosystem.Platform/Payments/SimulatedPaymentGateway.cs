using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Payments.Simulated;
using Ecosystem.Platform.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Platform.Payments;

/// <summary>
/// The embedded default gateway: no network; Stripe's documented test cards decide each outcome
/// (<see cref="SimulatedCards"/>). It keeps its own records (cards, charges, refunds, subscriptions) in the database, so
/// it behaves like a provider across restarts: ids come from the idempotency key (a retry answers the first result),
/// refunds can never exceed a charge (a conditional update), and subscriptions renew when their period ends
/// (<see cref="SimulatedBillingWorker"/>), delivering Stripe-shaped events (<c>invoice.paid</c>,
/// <c>invoice.payment_failed</c>, <c>customer.subscription.deleted</c>; each charge's <c>payment_intent.succeeded</c> or
/// <c>payment_intent.payment_failed</c>) to the webhook inbox as provider <c>simulated</c>.
/// </summary>
public sealed class SimulatedPaymentGateway(PlatformDbContext db, Transactions transactions, WebhookInbox inbox, TimeProvider time) : IPaymentGateway
{
    public const string ProviderName = "simulated";

    /// <summary>Failed renewals before the subscription is cancelled (Stripe's default dunning: retry, then cancel).</summary>
    public const int RenewalAttempts = 3;

    /// <summary>How long after a failed renewal it is tried again.</summary>
    public static readonly TimeSpan RenewalRetry = TimeSpan.FromDays(1);

    public string Name => ProviderName;

    /// <summary>The same request twice at once: the second one's insert of the same id loses, and it answers the first.</summary>
    public async Task<CardSetupResult> SetupCardAsync(CardSetupRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await SetupCardAsyncOnce(request, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await SetupCardAsyncOnce(request, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<CardSetupResult> SetupCardAsyncOnce(CardSetupRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The same idempotency key answers the card it saved first, like Stripe's Idempotency-Key.
        var saved = IdFor("pm_sim_", request.IdempotencyKey);
        if (await db.SimulatedCards.AsNoTracking().SingleOrDefaultAsync(x => x.Id == saved, cancellationToken).ConfigureAwait(false) is { } earlier)
        {
            return new CardSetupResult(PaymentOutcome.Succeeded, earlier.Id, earlier.Brand, earlier.Last4, earlier.ExpMonth, earlier.ExpYear, null) { GatewayCustomerId = earlier.GatewayCustomerId };
        }

        var decided = Decide(request);
        if (!decided.Succeeded) return decided;
        var number = CardNumbers.Normalize(request.Card!.CardNumber)!;
        var card = new SimulatedCard
        {
            Id = decided.GatewayPaymentMethodId!, CustomerRef = request.CustomerRef, GatewayCustomerId = decided.GatewayCustomerId!, Brand = decided.Brand!, Last4 = decided.Last4!,
            ExpMonth = decided.ExpMonth!.Value, ExpYear = decided.ExpYear!.Value, Behavior = SimulatedCards.BehaviorOf(number), CreatedAt = time.UtcNowStored(),
        };
        await transactions.WriteBookkeepingAsync(db, async c =>
        {
            if (await db.SimulatedCards.AnyAsync(x => x.Id == card.Id, c).ConfigureAwait(false)) return 0;
            db.SimulatedCards.Add(card);
            return await db.SaveChangesAsync(c).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return decided;
    }

    /// <summary>The same request twice at once: the second one's insert of the same id loses, and it answers the first.</summary>
    public async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await ChargeAsyncOnce(request, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await ChargeAsyncOnce(request, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ChargeResult> ChargeAsyncOnce(ChargeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Amount.Minor <= 0) return new ChargeResult(PaymentOutcome.Invalid, null, request.Amount, "The amount to charge must be more than zero.");
        var id = IdFor("pi_sim_", request.IdempotencyKey);
        string? staged = null;
        var charge = await transactions.WriteBookkeepingAsync(db, async c =>
        {
            if (await db.SimulatedCharges.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, c).ConfigureAwait(false) is { } first) return first;
            var card = await db.SimulatedCards.AsNoTracking().SingleOrDefaultAsync(x => x.Id == request.PaymentMethodId && x.GatewayCustomerId == request.GatewayCustomerId, c).ConfigureAwait(false);
            if (card is null) return null;
            var made = NewCharge(id, card, request.Amount, request.Description);
            db.SimulatedCharges.Add(made);
            // As Stripe does, the outcome is also announced as payment_intent.succeeded / .payment_failed, so a module that
            // listens for it works the same with either gateway (and races the caller's own confirmation, as on Stripe).
            staged = StagePaymentIntent(made, request);
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return made;
        }, cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        if (staged is not null) await inbox.ProcessAsync(staged, cancellationToken).ConfigureAwait(false);
        return charge is null
            ? new ChargeResult(PaymentOutcome.Invalid, null, request.Amount, "This customer has no such saved card.")
            : ToResult(charge);
    }

    /// <summary>The same request twice at once: the second one's insert of the same id loses, and it answers the first.</summary>
    public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await RefundAsyncOnce(request, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await RefundAsyncOnce(request, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<RefundResult> RefundAsyncOnce(RefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = IdFor("re_sim_", request.IdempotencyKey);
        var result = await transactions.RunAsync<RefundResult>(db, async c =>
        {
            if (await db.SimulatedRefunds.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, c).ConfigureAwait(false) is { } first)
            {
                return Refunded(first);
            }

            var charge = await db.SimulatedCharges.AsNoTracking().SingleOrDefaultAsync(x => x.Id == request.PaymentId, c).ConfigureAwait(false);
            if (charge is null || charge.Outcome != nameof(PaymentOutcome.Succeeded)) return Error.NotFound("NO_SUCH_PAYMENT", "There is no successful payment with this id to refund.");
            if (request.Amount is { } asked && asked.Currency != charge.Currency) return Error.Unprocessable("REFUND_CURRENCY", $"The payment was in {charge.Currency}; a refund must be too.");
            var amount = request.Amount?.Minor ?? charge.Amount - charge.Refunded;
            if (amount <= 0) return Error.Unprocessable("REFUND_AMOUNT", "There is nothing left of this payment to refund, or the amount is not more than zero.");
            // The one rule: what is refunded never exceeds what was charged, even with refunds racing each other.
            var taken = await db.SimulatedCharges.Where(x => x.Id == charge.Id && x.Refunded + amount <= x.Amount)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Refunded, x => x.Refunded + amount), c).ConfigureAwait(false);
            if (taken == 0) return Error.Unprocessable("REFUND_AMOUNT", "That is more than what is left of this payment to refund.");
            var soFar = await db.SimulatedCharges.Where(x => x.Id == charge.Id).Select(x => x.Refunded).SingleAsync(c).ConfigureAwait(false);
            var refund = new SimulatedRefund { Id = id, ChargeId = charge.Id, Amount = amount, Currency = charge.Currency, RefundedSoFar = soFar, Reason = request.Reason, CreatedAt = time.UtcNowStored() };
            db.SimulatedRefunds.Add(refund);
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return Refunded(refund);
        }, cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result.IsSuccess ? result.Value! : new RefundResult(PaymentOutcome.Invalid, null, request.Amount, null, result.Error!.Message);
    }

    /// <summary>The same request twice at once: the second one's insert of the same id loses, and it answers the first.</summary>
    public async Task<SubscriptionResult> SubscribeAsync(SubscriptionRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await SubscribeAsyncOnce(request, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await SubscribeAsyncOnce(request, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SubscriptionResult> SubscribeAsyncOnce(SubscriptionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Amount.Minor <= 0 || request.TrialDays is < 0 or > 730)
        {
            return new SubscriptionResult(PaymentOutcome.Invalid, null, null, null, null, false, "A subscription needs a price above zero and a trial of 0 to 730 days.");
        }

        var id = IdFor("sub_sim_", request.IdempotencyKey);
        var staged = new List<string>();
        var result = await transactions.RunAsync<SubscriptionResult>(db, async c =>
        {
            if (await db.SimulatedSubscriptions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, c).ConfigureAwait(false) is { } first) return ToResult(first, null);
            var card = await db.SimulatedCards.AsNoTracking().SingleOrDefaultAsync(x => x.Id == request.PaymentMethodId && x.GatewayCustomerId == request.GatewayCustomerId, c).ConfigureAwait(false);
            if (card is null) return Error.NotFound("NO_SUCH_CARD", "This customer has no such saved card.");
            var now = time.UtcNowStored();
            var subscription = new SimulatedSubscription
            {
                Id = id, CustomerRef = request.CustomerRef, GatewayCustomerId = request.GatewayCustomerId, PaymentMethodId = card.Id, PriceId = request.PriceId,
                Amount = request.Amount.Minor, Currency = request.Amount.Currency, Interval = request.Interval.ToString().ToLowerInvariant(),
                Metadata = JsonSerializer.Serialize(request.Metadata ?? new Dictionary<string, string>()), CreatedAt = now,
            };
            string? message = null;
            if (request.TrialDays > 0)
            {
                subscription.Status = "trialing";
                subscription.TrialEnd = now.AddDays(request.TrialDays);
                subscription.CurrentPeriodEnd = subscription.TrialEnd.Value;
                subscription.NextChargeAt = subscription.TrialEnd;
            }
            else
            {
                // The first period is paid at once; a card that cannot pay leaves the subscription incomplete, as on Stripe.
                var charge = NewCharge(IdFor("pi_sim_", request.IdempotencyKey + ":first"), card, request.Amount, "Subscription " + request.PriceId);
                db.SimulatedCharges.Add(charge);
                subscription.Status = charge.Outcome == nameof(PaymentOutcome.Succeeded) ? "active" : "incomplete";
                subscription.CurrentPeriodEnd = Next(now, request.Interval);
                subscription.NextChargeAt = subscription.Status == "active" ? subscription.CurrentPeriodEnd : null;
                message = charge.Message;
                staged.Add(StageInvoice(subscription, charge, "subscription_create", now, now));
            }

            db.SimulatedSubscriptions.Add(subscription);
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return ToResult(subscription, message);
        }, cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        await ProcessStagedAsync(staged, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? result.Value! : new SubscriptionResult(PaymentOutcome.Invalid, null, null, null, null, false, result.Error!.Message);
    }

    public async Task<SubscriptionResult> CancelSubscriptionAsync(CancelSubscriptionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var staged = new List<string>();
        var result = await transactions.RunAsync<SubscriptionResult>(db, async c =>
        {
            var subscription = await db.SimulatedSubscriptions.ForUpdate().SingleOrDefaultAsync(x => x.Id == request.SubscriptionId, c).ConfigureAwait(false);
            if (subscription is null) return Error.NotFound("NO_SUCH_SUBSCRIPTION", "There is no such subscription.");
            if (subscription.Status == "canceled") return ToResult(subscription, null);
            if (request.AtPeriodEnd)
            {
                subscription.CancelAtPeriodEnd = true;
            }
            else
            {
                subscription.Status = "canceled";
                subscription.NextChargeAt = null;
                staged.Add(StageSubscriptionEvent(subscription, PaymentEvents.SubscriptionDeleted));
            }

            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return ToResult(subscription, null);
        }, cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        await ProcessStagedAsync(staged, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? result.Value! : new SubscriptionResult(PaymentOutcome.Invalid, null, null, null, null, false, result.Error!.Message);
    }

    /// <summary>
    /// Renews the subscriptions whose next charge is due: each is claimed by a conditional update on its next-charge time
    /// (so two workers never charge it twice), charged off-session, and its invoice event delivered to the inbox in the
    /// same transaction. A failed renewal is tried again a day later; after <see cref="RenewalAttempts"/> the subscription
    /// is cancelled. One cancelled at period end stops. Returns how many were handled.
    /// </summary>
    public async Task<int> RenewDueAsync(CancellationToken cancellationToken)
    {
        var now = time.UtcNowStored();
        var due = await db.SimulatedSubscriptions.AsNoTracking().Where(s => s.NextChargeAt != null && s.NextChargeAt <= now)
            .OrderBy(s => s.NextChargeAt).Select(s => new { s.Id, s.NextChargeAt }).Take(100).ToListAsync(cancellationToken).ConfigureAwait(false);
        var handled = 0;
        foreach (var item in due)
        {
            var staged = new List<string>();
            var renewed = await transactions.RunAsync<bool>(db, async c =>
            {
                var claimed = await db.SimulatedSubscriptions.Where(s => s.Id == item.Id && s.NextChargeAt == item.NextChargeAt)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextChargeAt, (DateTimeOffset?)null), c).ConfigureAwait(false);
                if (claimed == 0) return false;
                var subscription = await db.SimulatedSubscriptions.SingleAsync(s => s.Id == item.Id, c).ConfigureAwait(false);
                if (subscription.CancelAtPeriodEnd)
                {
                    subscription.Status = "canceled";
                    staged.Add(StageSubscriptionEvent(subscription, PaymentEvents.SubscriptionDeleted));
                }
                else
                {
                    var card = await db.SimulatedCards.AsNoTracking().SingleAsync(x => x.Id == subscription.PaymentMethodId, c).ConfigureAwait(false);
                    var attempt = subscription.FailedAttempts + 1;
                    var charge = NewCharge(IdFor("pi_sim_", $"{subscription.Id}:{subscription.CurrentPeriodEnd.ToUnixTimeSeconds()}:{attempt}"), card,
                        new Money(subscription.Amount, subscription.Currency), "Subscription " + subscription.PriceId);
                    db.SimulatedCharges.Add(charge);
                    var periodStart = subscription.CurrentPeriodEnd;
                    if (charge.Outcome == nameof(PaymentOutcome.Succeeded))
                    {
                        subscription.Status = "active";
                        subscription.FailedAttempts = 0;
                        var interval = Enum.Parse<BillingInterval>(subscription.Interval, ignoreCase: true);
                        subscription.CurrentPeriodEnd = Next(periodStart > now ? periodStart : now, interval);
                        subscription.NextChargeAt = subscription.CurrentPeriodEnd;
                    }
                    else
                    {
                        subscription.FailedAttempts = attempt;
                        subscription.Status = attempt >= RenewalAttempts ? "canceled" : "past_due";
                        subscription.NextChargeAt = attempt >= RenewalAttempts ? null : now + RenewalRetry;
                    }

                    staged.Add(StageInvoice(subscription, charge, "subscription_cycle", periodStart, now));
                    if (subscription.Status == "canceled") staged.Add(StageSubscriptionEvent(subscription, PaymentEvents.SubscriptionDeleted));
                }

                await db.SaveChangesAsync(c).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
            db.ChangeTracker.Clear();
            if (renewed.Value) handled++;
            await ProcessStagedAsync(staged, cancellationToken).ConfigureAwait(false);
        }

        return handled;
    }

    private static CardSetupResult Decide(CardSetupRequest request)
    {
        if (request.Card is not { } card) return new(PaymentOutcome.ProcessingError, null, null, null, null, null, "The simulated gateway needs card details.");
        var number = CardNumbers.Normalize(card.CardNumber);
        if (number is null || !CardNumbers.IsLuhnValid(number)) return new(PaymentOutcome.Declined, null, null, null, null, null, "The card number is not valid.");
        return number switch
        {
            SimulatedCards.Declined => new(PaymentOutcome.Declined, null, null, null, null, null, "Your card was declined."),
            SimulatedCards.InsufficientFunds => new(PaymentOutcome.InsufficientFunds, null, null, null, null, null, "Your card has insufficient funds."),
            SimulatedCards.Expired => new(PaymentOutcome.ExpiredCard, null, null, null, null, null, "Your card has expired."),
            SimulatedCards.ProcessingError => new(PaymentOutcome.ProcessingError, null, null, null, null, null, "An error occurred while processing your card. Try again."),
            _ => new(PaymentOutcome.Succeeded, IdFor("pm_sim_", request.IdempotencyKey), CardNumbers.Brand(number), number[^4..], card.ExpMonth, card.ExpYear, null)
            {
                GatewayCustomerId = IdFor("cus_sim_", request.CustomerRef),
            },
        };
    }

    private SimulatedCharge NewCharge(string id, SimulatedCard card, Money amount, string? description)
    {
        var (outcome, code, message) = card.Behavior switch
        {
            SimulatedCards.DeclinesCharges => (PaymentOutcome.Declined, "card_declined", "Your card was declined."),
            SimulatedCards.NeedsAuthentication => (PaymentOutcome.AuthenticationRequired, "authentication_required", "Your bank needs you to confirm this payment."),
            _ => (PaymentOutcome.Succeeded, (string?)null, (string?)null),
        };
        return new SimulatedCharge
        {
            Id = id, CustomerRef = card.CustomerRef, PaymentMethodId = card.Id, Amount = amount.Minor, Currency = amount.Currency, Outcome = outcome.ToString(),
            DeclineCode = code, Message = message, Description = description?.Length > 300 ? description[..300] : description, CreatedAt = time.UtcNowStored(),
        };
    }

    private string StageInvoice(SimulatedSubscription subscription, SimulatedCharge charge, string reason, DateTimeOffset periodStart, DateTimeOffset now)
    {
        var paid = charge.Outcome == nameof(PaymentOutcome.Succeeded);
        var invoice = new Dictionary<string, object?>
        {
            ["id"] = "in_" + charge.Id[3..], ["object"] = "invoice", ["customer"] = subscription.GatewayCustomerId, ["subscription"] = subscription.Id,
            ["payment_intent"] = charge.Id, ["status"] = paid ? "paid" : "open", ["billing_reason"] = reason,
            ["amount_due"] = charge.Amount, ["amount_paid"] = paid ? charge.Amount : 0, ["currency"] = charge.Currency.ToLowerInvariant(),
            ["period_start"] = periodStart.ToUnixTimeSeconds(), ["period_end"] = subscription.CurrentPeriodEnd.ToUnixTimeSeconds(), ["attempt_count"] = Math.Max(1, subscription.FailedAttempts),
            ["last_payment_error"] = paid ? null : new Dictionary<string, object?> { ["code"] = "card_declined", ["decline_code"] = charge.DeclineCode, ["message"] = charge.Message },
            ["metadata"] = MetadataOf(subscription),
        };
        return Stage(paid ? PaymentEvents.InvoicePaid : PaymentEvents.InvoicePaymentFailed, invoice, now);
    }

    private string StagePaymentIntent(SimulatedCharge charge, ChargeRequest request)
    {
        var paid = charge.Outcome == nameof(PaymentOutcome.Succeeded);
        var metadata = new Dictionary<string, string>(request.Metadata ?? new Dictionary<string, string>()) { [PaymentMetadata.CustomerRef] = request.CustomerRef };
        return Stage(paid ? PaymentEvents.PaymentIntentSucceeded : PaymentEvents.PaymentIntentFailed, new Dictionary<string, object?>
        {
            ["id"] = charge.Id, ["object"] = "payment_intent", ["amount"] = charge.Amount, ["amount_received"] = paid ? charge.Amount : 0, ["currency"] = charge.Currency.ToLowerInvariant(),
            ["customer"] = request.GatewayCustomerId, ["payment_method"] = charge.PaymentMethodId, ["status"] = paid ? "succeeded" : "requires_payment_method",
            ["description"] = charge.Description, ["off_session"] = request.OffSession,
            ["last_payment_error"] = paid ? null : new Dictionary<string, object?> { ["code"] = "card_declined", ["decline_code"] = charge.DeclineCode, ["message"] = charge.Message },
            ["metadata"] = metadata,
        }, charge.CreatedAt);
    }

    private string StageSubscriptionEvent(SimulatedSubscription subscription, string type) => Stage(type, new Dictionary<string, object?>
    {
        ["id"] = subscription.Id, ["object"] = "subscription", ["customer"] = subscription.GatewayCustomerId, ["status"] = subscription.Status,
        ["current_period_end"] = subscription.CurrentPeriodEnd.ToUnixTimeSeconds(), ["cancel_at_period_end"] = subscription.CancelAtPeriodEnd,
        ["metadata"] = MetadataOf(subscription),
    }, time.UtcNowStored());

    private string Stage(string type, Dictionary<string, object?> dataObject, DateTimeOffset now)
    {
        var eventId = Ids.New("evt_sim", time);
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["id"] = eventId, ["object"] = "event", ["type"] = type, ["created"] = now.ToUnixTimeSeconds(), ["livemode"] = false,
            ["data"] = new Dictionary<string, object?> { ["object"] = dataObject },
        });
        return inbox.Stage(ProviderName, eventId, type, body);
    }

    private async Task ProcessStagedAsync(List<string> staged, CancellationToken ct)
    {
        foreach (var delivery in staged) await inbox.ProcessAsync(delivery, ct).ConfigureAwait(false);
    }

    private static Dictionary<string, string> MetadataOf(SimulatedSubscription s)
    {
        var metadata = JsonSerializer.Deserialize<Dictionary<string, string>>(s.Metadata) ?? [];
        metadata[PaymentMetadata.CustomerRef] = s.CustomerRef;
        return metadata;
    }

    private static DateTimeOffset Next(DateTimeOffset from, BillingInterval interval) => interval switch
    {
        BillingInterval.Day => from.AddDays(1),
        BillingInterval.Week => from.AddDays(7),
        BillingInterval.Month => from.AddMonths(1),
        _ => from.AddYears(1),
    };

    private static ChargeResult ToResult(SimulatedCharge c) =>
        new(Enum.Parse<PaymentOutcome>(c.Outcome), c.Id, new Money(c.Amount, c.Currency), c.Message, c.DeclineCode);

    private static RefundResult Refunded(SimulatedRefund r) =>
        new(PaymentOutcome.Succeeded, r.Id, new Money(r.Amount, r.Currency), new Money(r.RefundedSoFar, r.Currency), null);

    private static SubscriptionResult ToResult(SimulatedSubscription s, string? message) => new(
        s.Status is "active" or "trialing" or "canceled" ? PaymentOutcome.Succeeded : PaymentOutcome.Declined,
        s.Id, s.Status, s.CurrentPeriodEnd, s.TrialEnd, s.CancelAtPeriodEnd, message);

    /// <summary>A provider-style id derived from the idempotency key: the same request always names the same object.</summary>
    private static string IdFor(string prefix, string key) =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24];
}
