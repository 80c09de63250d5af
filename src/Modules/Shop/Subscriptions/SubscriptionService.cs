using System.Text.Json;
using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Payments;
using Ecosystem.Platform.Webhooks;
using Ecosystem.Retention.Contracts;
using Ecosystem.Shop.Catalog;
using Ecosystem.Shop.Contracts;
using Ecosystem.Shop.Data;
using Ecosystem.Shop.Payments;
using Ecosystem.Shop.Pricing;
using Ecosystem.Shop.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Shop.Subscriptions;

/// <summary>
/// Subscriptions to plans through the shared gateway: start (with a trial or a first charge), cancel now or at period
/// end, and the provider's events that move them: <c>invoice.paid</c> (active, next period), <c>invoice.payment_failed</c>
/// (past_due, and the person reported to Retention as a failed-payment risk, in the same unit, so the churn chat can
/// recover it), <c>customer.subscription.deleted</c> (canceled). Each change is a compare-and-set on the row's version.
/// </summary>
internal sealed partial class SubscriptionService(
    ShopDbContext db, Transactions transactions, ShopJournal journal, TimeProvider time, IPaymentGateway gateway, CatalogService catalog, IUserDirectory users,
    IAtRiskReporter retention, ILogger<SubscriptionService> logger)
{
    public const string SubscriptionKey = "shop_subscription_id";
    public static readonly Error NotFound = Error.NotFound("SUBSCRIPTION_NOT_FOUND", "There is no such subscription.");

    public async Task<IReadOnlyList<SubscriptionResponse>> ListAsync(string? userEcosystemId, string? status, CancellationToken ct)
    {
        var query = db.Subscriptions.AsNoTracking();
        if (userEcosystemId is not null) query = query.Where(s => s.UserEcosystemId == userEcosystemId);
        if (!string.IsNullOrWhiteSpace(status)) query = PlainIds.IsPlain(status) ? query.Where(s => s.Status == status) : query.Where(s => false);
        var rows = await query.OrderByDescending(s => s.SubscriptionId).Take(500).ToListAsync(ct).ConfigureAwait(false);
        var planIds = rows.Select(r => r.PlanId).Distinct().ToList();
        var plans = await db.Plans.AsNoTracking().Where(p => planIds.Contains(p.PlanId)).ToDictionaryAsync(p => p.PlanId, ct).ConfigureAwait(false);
        return [.. rows.Select(r => ToResponse(r, plans.GetValueOrDefault(r.PlanId), null))];
    }

    public async Task<Result<SubscriptionResponse>> StartAsync(string userEcosystemId, StartSubscriptionRequest request, CancellationToken ct)
    {
        var v = new Validator().Require(PlainIds.IsPlain(request.PlanId), "planId", "Choose a plan.");
        var withCard = request.CardNumber is not null || request.PaymentMethodId is not null;
        var pay = new PayRequest(request.CardNumber, request.ExpMonth, request.ExpYear, request.Cvc, request.PaymentMethodId);
        if (withCard)
        {
            var cardCheck = CardInputs.Validate(pay, time.GetUtcNow());
            if (!cardCheck.IsValid) return cardCheck.ToError();
        }

        if (!v.IsValid) return v.ToError();
        var found = await catalog.FindPlanAsync(request.PlanId!, ct).ConfigureAwait(false);
        if (!found.IsSuccess) return found.Error!;
        var plan = found.Value!;
        var product = await db.Products.AsNoTracking().SingleAsync(p => p.ProductId == plan.ProductId, ct).ConfigureAwait(false);
        var charge = PriceCalculator.PlanCharge(plan, product.TaxRateBasisPoints);
        var profile = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.UserEcosystemId == userEcosystemId, ct).ConfigureAwait(false);
        if (profile is null || !profile.IsCompleteForInvoice) return Orders.OrderService.ProfileIncomplete with { Message = "Add your name and invoice address before subscribing." };
        if (!CustomerProfile.Has(profile.TermsAcceptedAt, profile.TermsWithdrawnAt)) return Orders.OrderService.TermsRequired with { Message = "Accept the terms of service to subscribe." };
        if (!withCard && profile.PaymentMethodId is null) return Error.Unprocessable("CARD_REQUIRED", "Add a card to pay for the subscription.");

        // 1. Our subscription first (incomplete): one live subscription per plan and person, also when two starts race.
        var subscriptionId = Ids.New("sub", time);
        try
        {
            var claimed = await transactions.RunAsync<bool>(db, async c =>
            {
                if (await db.Subscriptions.AnyAsync(s => s.UserEcosystemId == userEcosystemId && s.PlanId == plan.PlanId
                    && (s.Status == "trialing" || s.Status == "active" || s.Status == "past_due" || s.Status == "incomplete"), c).ConfigureAwait(false))
                {
                    return Error.Conflict("ALREADY_SUBSCRIBED", $"You already subscribe to {plan.Name}.");
                }

                var now = time.UtcNowStored();
                db.Subscriptions.Add(new ShopSubscription
                {
                    SubscriptionId = subscriptionId, UserEcosystemId = userEcosystemId, PlanId = plan.PlanId, Provider = gateway.Name, Status = "incomplete",
                    Amount = charge.Total, Currency = plan.Currency, CreatedAt = now, UpdatedAt = now,
                });
                journal.Audit("shop.subscription.requested", "subscription", subscriptionId, null, new { plan = plan.Name, amount = new Money(charge.Total, plan.Currency).ToString() });
                await db.SaveChangesAsync(c).ConfigureAwait(false);
                return true;
            }, ct).ConfigureAwait(false);
            if (!claimed.IsSuccess) return claimed.Error!;
        }
        catch (DbUpdateException)
        {
            return Error.Conflict("ALREADY_SUBSCRIBED", $"You already subscribe to {plan.Name}.");
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        // 2. The gateway, outside any transaction.
        var user = (await users.GetManyAsync([userEcosystemId], ct).ConfigureAwait(false)).GetValueOrDefault(userEcosystemId);
        var card = new PaymentService.SavedCard(profile.GatewayCustomerId, profile.PaymentMethodId, profile.CardBrand, profile.CardLast4, profile.CardExpMonth, profile.CardExpYear);
        SubscriptionResult result;
        try
        {
            if (withCard)
            {
                var setup = await gateway.SetupCardAsync(new CardSetupRequest(userEcosystemId, user?.Email ?? "", profile.FullName, $"shop:{subscriptionId}:card", CardInputs.Card(pay), request.PaymentMethodId), ct).ConfigureAwait(false);
                if (!setup.Succeeded)
                {
                    return await FailStartAsync(subscriptionId, CardInputs.FailureCode(setup.Status), setup.Message ?? "The card was not accepted.", ct).ConfigureAwait(false);
                }

                card = new PaymentService.SavedCard(setup.GatewayCustomerId, setup.GatewayPaymentMethodId, setup.Brand, setup.Last4, setup.ExpMonth, setup.ExpYear);
            }

            result = await gateway.SubscribeAsync(new SubscriptionRequest(userEcosystemId, card.GatewayCustomerId ?? "", card.PaymentMethodId!, plan.ProviderPriceId,
                new Money(charge.Total, plan.Currency), plan.Interval, plan.TrialDays, $"shop:{subscriptionId}", new Dictionary<string, string> { [SubscriptionKey] = subscriptionId }), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException or InvalidOperationException)
        {
            LogGatewayFailed(logger, gateway.Name, ex.GetType().Name);
            result = new SubscriptionResult(PaymentOutcome.ProcessingError, null, null, null, null, false, "The payment service did not answer. Try again.");
        }

        if (!result.Succeeded || result.Status is "incomplete" or null)
        {
            return await FailStartAsync(subscriptionId, CardInputs.FailureCode(result.Outcome == PaymentOutcome.Succeeded ? PaymentOutcome.Declined : result.Outcome),
                result.Message ?? "The first payment did not go through.", ct).ConfigureAwait(false);
        }

        // 3. What the provider answered.
        var started = await transactions.RunAsync<SubscriptionResponse>(db, async c =>
        {
            var row = await db.Subscriptions.ForUpdate().SingleAsync(s => s.SubscriptionId == subscriptionId, c).ConfigureAwait(false);
            var p = await journal.ProfileForUpdateAsync(userEcosystemId, c).ConfigureAwait(false);
            var now = time.UtcNowStored();
            row.ProviderSubscriptionId ??= result.SubscriptionId;
            if (row.Status == "incomplete") row.Status = result.Status!;
            row.CurrentPeriodStart ??= now;
            row.CurrentPeriodEnd ??= result.CurrentPeriodEnd;
            row.TrialEnd = result.TrialEnd;
            row.UpdatedAt = now;
            row.Version++;
            if (p is not null)
            {
                p.SubscriptionStatus = row.Status;
                PaymentService.SaveCard(p, card, now);
            }

            journal.Audit("shop.subscription.started", "subscription", row.SubscriptionId, new { status = "incomplete" }, new { row.Status, plan = plan.Name, row.TrialEnd, row.CurrentPeriodEnd });
            journal.Event(ShopEvents.SubscriptionStarted, userEcosystemId, new
            {
                subscriptionId = row.SubscriptionId, planId = plan.PlanId, plan = plan.Name, status = row.Status, amount = row.Amount, currency = row.Currency,
                trialEnd = row.TrialEnd, shop = journal.State(p),
            });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return ToResponse(row, plan, null);
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return started;
    }

    private async Task<Result<SubscriptionResponse>> FailStartAsync(string subscriptionId, string code, string message, CancellationToken ct)
    {
        var failed = await transactions.RunAsync<SubscriptionResponse>(db, async c =>
        {
            var row = await db.Subscriptions.ForUpdate().SingleAsync(s => s.SubscriptionId == subscriptionId, c).ConfigureAwait(false);
            if (row.Status == "incomplete")
            {
                row.Status = "incomplete_expired";
                row.UpdatedAt = time.UtcNowStored();
                row.Version++;
                journal.Audit("shop.subscription.failed", "subscription", subscriptionId, new { status = "incomplete" }, new { row.Status, code, message });
                journal.Event(ShopEvents.PaymentFailed, row.UserEcosystemId, new { subscriptionId, code, amount = row.Amount, currency = row.Currency });
                await db.SaveChangesAsync(c).ConfigureAwait(false);
            }

            var plan = await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.PlanId == row.PlanId, c).ConfigureAwait(false);
            return ToResponse(row, plan, message);
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return failed.IsSuccess ? new Error(code, 402, message) : failed.Error!;
    }

    public async Task<Result<SubscriptionResponse>> CancelAsync(string? ownerId, string subscriptionId, bool atPeriodEnd, CancellationToken ct)
    {
        if (!PlainIds.IsPlain(subscriptionId)) return NotFound;
        var row = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.SubscriptionId == subscriptionId, ct).ConfigureAwait(false);
        if (row is null || (ownerId is not null && row.UserEcosystemId != ownerId)) return NotFound;
        if (!row.IsLive) return Error.Conflict("SUBSCRIPTION_NOT_ACTIVE", "This subscription has already ended.");
        if (row.ProviderSubscriptionId is null) return Error.Conflict("SUBSCRIPTION_STARTING", "This subscription is still starting; try again in a moment.");
        SubscriptionResult result;
        try
        {
            result = await gateway.CancelSubscriptionAsync(new CancelSubscriptionRequest(row.ProviderSubscriptionId, atPeriodEnd, $"shop:{subscriptionId}:cancel:{atPeriodEnd}"), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException or InvalidOperationException)
        {
            LogGatewayFailed(logger, gateway.Name, ex.GetType().Name);
            return new Error("PAYMENT_PROVIDER_ERROR", 502, "The payment service did not answer. Nothing changed; try again.");
        }

        if (!result.Succeeded) return new Error("PAYMENT_PROVIDER_ERROR", 502, "The payment service refused: " + result.Message);
        var changed = await ApplyAsync(row.ProviderSubscriptionId, null, result.Status == "canceled" ? "canceled" : null, result.CancelAtPeriodEnd, null, null, 0, "cancel", null, ct).ConfigureAwait(false);
        return changed.IsSuccess ? await GetAsync(subscriptionId, ct).ConfigureAwait(false) : changed.Error!;
    }

    public async Task<Result<SubscriptionResponse>> GetAsync(string subscriptionId, CancellationToken ct)
    {
        var row = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.SubscriptionId == subscriptionId, ct).ConfigureAwait(false);
        if (row is null) return NotFound;
        var plan = await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.PlanId == row.PlanId, ct).ConfigureAwait(false);
        return ToResponse(row, plan, null);
    }

    /// <summary>A payment provider's event about a subscription of ours (from either gateway, through the shared inbox).</summary>
    public async Task<Result<string>> HandleProviderEventAsync(WebhookEvent e, CancellationToken ct)
    {
        if (!e.Payload.TryGetProperty("data", out var data) || !data.TryGetProperty("object", out var o) || o.ValueKind != JsonValueKind.Object) return "no data.object: left alone";
        var isInvoice = e.EventType is PaymentEvents.InvoicePaid or PaymentEvents.InvoicePaymentFailed;
        var providerId = Str(o, isInvoice ? "subscription" : "id");
        var ours = o.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? Str(m, SubscriptionKey) : null;
        if (providerId is null && ours is null) return "not a subscription of the shop: left alone";
        DateTimeOffset? periodStart = Time(o, "period_start"), periodEnd = Time(o, isInvoice ? "period_end" : "current_period_end");
        var amount = o.TryGetProperty(e.EventType == PaymentEvents.InvoicePaid ? "amount_paid" : "amount_due", out var a) && a.TryGetInt64(out var v) ? v : 0;
        var reason = Str(o, "billing_reason");
        var result = e.EventType switch
        {
            PaymentEvents.InvoicePaid => await ApplyAsync(providerId, ours, "active", null, periodStart, periodEnd, amount, reason == "subscription_create" ? "first-payment" : "renewed", e.EventId, ct).ConfigureAwait(false),
            PaymentEvents.InvoicePaymentFailed => await ApplyAsync(providerId, ours, "past_due", null, null, null, amount, "payment-failed", e.EventId, ct).ConfigureAwait(false),
            PaymentEvents.SubscriptionDeleted => await ApplyAsync(providerId, ours, "canceled", null, null, null, 0, "canceled", e.EventId, ct).ConfigureAwait(false),
            PaymentEvents.SubscriptionUpdated => await ApplyAsync(providerId, ours, null, o.TryGetProperty("cancel_at_period_end", out var cap) && cap.ValueKind == JsonValueKind.True, null, periodEnd, 0, "updated", e.EventId, ct).ConfigureAwait(false),
            _ => "not a subscription event: left alone",
        };
        return result;

        static string? Str(JsonElement o, string name) => o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 and <= 100 } s ? s : null;
        static DateTimeOffset? Time(JsonElement o, string name) => o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out var s) ? DateTimeOffset.FromUnixTimeSeconds(s) : null;
    }

    /// <summary>
    /// One change to a subscription, under its row lock: a new status (when the current one allows it), the period,
    /// cancel-at-period-end; with its audit row and event. A failed renewal also reports the person to Retention.
    /// </summary>
    private async Task<Result<string>> ApplyAsync(string? providerId, string? ourId, string? status, bool? cancelAtPeriodEnd, DateTimeOffset? periodStart, DateTimeOffset? periodEnd,
        long amount, string what, string? eventId, CancellationToken ct)
    {
        var result = await transactions.RunAsync<string>(db, async c =>
        {
            var row = await db.Subscriptions.ForUpdate().SingleOrDefaultAsync(s => (providerId != null && s.ProviderSubscriptionId == providerId) || (ourId != null && s.SubscriptionId == ourId), c).ConfigureAwait(false);
            if (row is null) return "unknown subscription: left alone";
            var before = new { row.Status, row.CurrentPeriodEnd, row.CancelAtPeriodEnd, row.FailedPayments };
            var now = time.UtcNowStored();
            row.ProviderSubscriptionId ??= providerId;
            var allowed = status switch
            {
                "active" => row.Status is "incomplete" or "trialing" or "active" or "past_due",
                "past_due" => row.Status is "trialing" or "active" or "past_due",
                "canceled" => row.Status != "canceled",
                _ => row.Status != "canceled",
            };
            if (!allowed) return $"subscription is {row.Status}: {what} left alone";
            if (status is not null) row.Status = status;
            if (periodStart is not null) row.CurrentPeriodStart = periodStart;
            if (periodEnd is not null) row.CurrentPeriodEnd = periodEnd;
            if (cancelAtPeriodEnd is not null) row.CancelAtPeriodEnd = cancelAtPeriodEnd.Value;
            if (status == "active") row.FailedPayments = 0;
            if (status == "past_due") row.FailedPayments++;
            if (status == "canceled") row.CanceledAt = now;
            row.UpdatedAt = now;
            row.Version++;
            var profile = await journal.ProfileForUpdateAsync(row.UserEcosystemId, c).ConfigureAwait(false);
            if (profile is not null)
            {
                profile.SubscriptionStatus = row.Status;
                if (status == "active" && amount > 0) profile.Revenue += amount;
                profile.UpdatedAt = now;
                profile.Version++;
            }

            var eventName = status switch
            {
                "active" when what == "first-payment" => null,
                "active" => ShopEvents.SubscriptionRenewed,
                "past_due" => ShopEvents.SubscriptionPastDue,
                "canceled" => ShopEvents.SubscriptionCanceled,
                _ => null,
            };
            journal.Audit("shop.subscription." + what, "subscription", row.SubscriptionId, before, new { row.Status, row.CurrentPeriodEnd, row.CancelAtPeriodEnd, row.FailedPayments, providerEvent = eventId });
            if (eventName is not null)
            {
                journal.Event(eventName, row.UserEcosystemId, new
                {
                    subscriptionId = row.SubscriptionId, status = row.Status, amount, currency = row.Currency, periodEnd = row.CurrentPeriodEnd, failedPayments = row.FailedPayments,
                    shop = journal.State(profile),
                });
            }

            await db.SaveChangesAsync(c).ConfigureAwait(false);
            if (status == "past_due")
            {
                // Dunning that talks: the person becomes a failed-payment risk in Retention, in this same unit.
                var plan = await db.Plans.AsNoTracking().SingleAsync(p => p.PlanId == row.PlanId, c).ConfigureAwait(false);
                var user = (await users.GetManyAsync([row.UserEcosystemId], c).ConfigureAwait(false)).GetValueOrDefault(row.UserEcosystemId);
                var reported = await retention.ReportFailedPaymentAsync(new FailedPaymentReport(
                    row.UserEcosystemId, profile?.FullName ?? user?.DisplayName ?? "Shop client", user?.Email ?? "", $"{plan.Name} (shop)", Monthly(row.Amount, plan.Interval, row.Currency),
                    profile?.CardBrand ?? "card", profile?.CardLast4 ?? "0000", profile?.CardExpMonth ?? 12, profile?.CardExpYear ?? now.Year, gateway.Name, profile?.GatewayCustomerId,
                    profile?.PaymentMethodId, new Money(amount > 0 ? amount : row.Amount, row.Currency), "shop subscription renewal failed", eventId ?? $"{row.SubscriptionId}:{row.FailedPayments}"), c).ConfigureAwait(false);
                if (!reported.IsSuccess) return reported.Error!;
            }

            return $"subscription {row.SubscriptionId}: {what}";
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result;
    }

    private static Money Monthly(long amount, BillingInterval interval, string currency) => new(interval switch
    {
        BillingInterval.Year => Math.Max(1, amount / 12),
        BillingInterval.Week => amount * 52 / 12,
        BillingInterval.Day => amount * 365 / 12,
        _ => amount,
    }, currency);

    private static SubscriptionResponse ToResponse(ShopSubscription s, SubscriptionPlan? plan, string? failure) => new(
        s.SubscriptionId, s.PlanId, plan?.Name ?? "Plan", s.UserEcosystemId, s.Status, s.Amount, s.Currency, plan?.Interval.ToString().ToLowerInvariant() ?? "month",
        s.CurrentPeriodStart, s.CurrentPeriodEnd, s.TrialEnd, s.CancelAtPeriodEnd, s.FailedPayments, s.CreatedAt, s.CanceledAt, failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Gateway} payment gateway failed ({Exception}) for a subscription.")]
    private static partial void LogGatewayFailed(ILogger logger, string gateway, string exception);
}
