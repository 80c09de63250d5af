using System.Security.Cryptography;
using System.Text;
using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Payments;
using Ecosystem.Shop.Contracts;
using Ecosystem.Shop.Data;
using Ecosystem.Shop.Orders;
using Ecosystem.Shop.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Shop.Payments;

/// <summary>
/// Paying orders and refunding them through the shared gateway. The gateway is called outside any transaction (a
/// provider's latency never holds the database); what it answers is recorded in a unit afterwards. An order is paid
/// once: the provider's payment id is unique, and the order moves pending → processing under its row lock, so the
/// synchronous confirmation and the provider's <c>payment_intent.succeeded</c> webhook, however often either arrives,
/// capture once. A second, different charge of a paid order is refunded at once. Refunds reserve their amount with a
/// conditional update first, so they can never exceed what was paid.
/// </summary>
internal sealed partial class PaymentService(
    ShopDbContext db, Transactions transactions, ShopJournal journal, TimeProvider time, IPaymentGateway gateway, OrderService orders, IUserDirectory users,
    ILogger<PaymentService> logger)
{
    public const string OrderNumberKey = "order_number";

    public static readonly Error AlreadyPaid = Error.Conflict("ORDER_ALREADY_PAID", "This order is already paid.");

    public async Task<Result<PaymentResponse>> PayAsync(string userEcosystemId, string orderNumber, PayRequest request, string? idempotencyKey, CancellationToken ct)
    {
        if (!PlainIds.IsPlain(orderNumber)) return Order.NotFound;
        var v = CardInputs.Validate(request, time.GetUtcNow());
        if (idempotencyKey is { Length: > 200 }) v.Add("Idempotency-Key", "The Idempotency-Key header is at most 200 characters.");
        if (!v.IsValid) return v.ToError();
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderNumber == orderNumber && o.UserEcosystemId == userEcosystemId, ct).ConfigureAwait(false);
        if (order is null) return Order.NotFound;
        var key = $"shop:{order.OrderId}:{idempotencyKey ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";
        if (idempotencyKey is not null && await RecordedAsync(order, key, ct).ConfigureAwait(false) is { } earlier) return earlier;
        if (order.AmountPaid > 0)
        {
            // Paid, and the buyer's key is on none of its payments yet: the webhook may have recorded this very payment
            // an instant before its confirmation did. The provider answers a repeated key with the same payment
            // (captured below as known); a new key would be a second charge, which capture refunds.
            var unclaimed = idempotencyKey is not null && await db.Payments.AsNoTracking()
                .AnyAsync(p => p.OrderId == order.OrderId && p.Status == ShopPayment.Succeeded && p.AttemptKey == null, ct).ConfigureAwait(false);
            if (!unclaimed) return AlreadyPaid;
        }
        else if (order.Status != OrderStatus.Pending) return Error.Conflict("ORDER_NOT_PAYABLE", $"Order {order.OrderNumber} is {OrderTransitions.Label(order.Status).ToLowerInvariant()} and cannot be paid.");

        var profile = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.UserEcosystemId == userEcosystemId, ct).ConfigureAwait(false);
        var user = (await users.GetManyAsync([userEcosystemId], ct).ConfigureAwait(false)).GetValueOrDefault(userEcosystemId);
        var setup = await CallAsync(() => gateway.SetupCardAsync(new CardSetupRequest(userEcosystemId, user?.Email ?? "", profile?.FullName ?? user?.DisplayName ?? "",
            key + ":card", CardInputs.Card(request), request.PaymentMethodId), ct), o => new CardSetupResult(o, null, null, null, null, null, "The payment service did not answer. Try again."));
        if (!setup.Succeeded)
        {
            return await RecordFailureAsync(order, key, null, setup.Status, setup.Message, null, ct).ConfigureAwait(false);
        }

        var charge = await CallAsync(() => gateway.ChargeAsync(new ChargeRequest(userEcosystemId, setup.GatewayCustomerId ?? "", setup.GatewayPaymentMethodId!, order.TotalMoney,
            $"Order {order.OrderNumber}", key + ":charge", OffSession: false,
            new Dictionary<string, string> { [OrderNumberKey] = order.OrderNumber, ["ecosystem_module"] = "shop" }), ct),
            o => new ChargeResult(o, null, order.TotalMoney, "The payment service did not answer. Try again."));
        var card = new SavedCard(setup.GatewayCustomerId, setup.GatewayPaymentMethodId, setup.Brand, setup.Last4, setup.ExpMonth, setup.ExpYear);
        if (!charge.Succeeded)
        {
            return await RecordFailureAsync(order, key, charge.PaymentId, charge.Outcome, charge.Message, card, ct).ConfigureAwait(false);
        }

        return await CaptureAsync(order.OrderId, gateway.Name, charge.PaymentId!, charge.Amount, card, key, ct).ConfigureAwait(false);
    }

    /// <summary>What a payment with this key already did (a retry with the same Idempotency-Key answers it).</summary>
    private async Task<PaymentResponse?> RecordedAsync(Order order, string key, CancellationToken ct)
    {
        var mine = await db.Payments.AsNoTracking().Where(p => p.OrderId == order.OrderId && p.AttemptKey == key).OrderByDescending(p => p.PaymentId).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        if (mine is null) return null;
        var status = await db.Orders.AsNoTracking().Where(o => o.OrderId == order.OrderId).Select(o => o.Status).SingleAsync(ct).ConfigureAwait(false);
        return ToResponse(mine, order.OrderNumber, OrderTransitions.Word(status));
    }

    internal sealed record SavedCard(string? GatewayCustomerId, string? PaymentMethodId, string? Brand, string? Last4, int? ExpMonth, int? ExpYear);

    /// <summary>
    /// Records a captured payment of an order, from the synchronous confirmation or from the provider's webhook, once:
    /// under the order's row lock, a payment id already recorded answers what was recorded; otherwise the payment is
    /// added and the order moves pending → processing with its timeline entry, audit row and events. A charge of an
    /// order already paid by another payment (two payments raced) is refunded in full.
    /// </summary>
    public async Task<Result<PaymentResponse>> CaptureAsync(string orderIdOrNumber, string provider, string providerPaymentId, Money amount, SavedCard? card, string? attemptKey, CancellationToken ct)
    {
        var recorded = await transactions.RunAsync<(PaymentResponse Response, bool Duplicate)>(db, async c =>
        {
            var order = await db.Orders.ForUpdate().SingleOrDefaultAsync(o => o.OrderId == orderIdOrNumber || o.OrderNumber == orderIdOrNumber, c).ConfigureAwait(false);
            if (order is null) return Order.NotFound;
            if (await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.ProviderPaymentId == providerPaymentId, c).ConfigureAwait(false) is { } known)
            {
                // The webhook recorded it first: remember the buyer's key (their retry answers this payment) and the card.
                if (attemptKey is not null && known.AttemptKey is null)
                {
                    await db.Payments.Where(p => p.PaymentId == known.PaymentId && p.AttemptKey == null).ExecuteUpdateAsync(s => s.SetProperty(p => p.AttemptKey, attemptKey), c).ConfigureAwait(false);
                }

                if (card?.Last4 is not null && known.CardLast4 is null && known.Status == ShopPayment.Succeeded)
                {
                    await db.Payments.Where(p => p.PaymentId == known.PaymentId && p.CardLast4 == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(p => p.CardBrand, card.Brand).SetProperty(p => p.CardLast4, card.Last4), c).ConfigureAwait(false);
                    var holder = await journal.ProfileForUpdateAsync(order.UserEcosystemId, c).ConfigureAwait(false);
                    if (holder is not null && holder.PaymentMethodId != card.PaymentMethodId)
                    {
                        var before = holder.Snapshot();
                        SaveCard(holder, card, time.UtcNowStored());
                        journal.Audit("shop.profile.card-saved", "shop-profile", holder.UserEcosystemId, before, holder.Snapshot());
                        await db.SaveChangesAsync(c).ConfigureAwait(false);
                    }
                }

                return (ToResponse(known, order.OrderNumber, OrderTransitions.Word(order.Status)), false);
            }

            var now = time.UtcNowStored();
            var payment = new ShopPayment
            {
                PaymentId = Ids.New("pay", time), OrderId = order.OrderId, Provider = provider, ProviderPaymentId = providerPaymentId, Amount = amount.Minor, Currency = amount.Currency,
                Status = ShopPayment.Succeeded, CardBrand = card?.Brand, CardLast4 = card?.Last4, AttemptKey = attemptKey, CreatedAt = now,
            };
            db.Payments.Add(payment);
            var profile = await journal.ProfileForUpdateAsync(order.UserEcosystemId, c).ConfigureAwait(false);
            var duplicate = order.Status != OrderStatus.Pending || order.AmountPaid > 0 || amount.Minor != order.Total || amount.Currency != order.Currency;
            if (!duplicate)
            {
                order.AmountPaid = amount.Minor;
                order.PaidAt = now;
                if (profile is not null)
                {
                    profile.Revenue += amount.Minor;
                    if (card?.Last4 is not null) SaveCard(profile, card, now);
                    profile.UpdatedAt = now;
                    profile.Version++;
                }

                var moved = orders.Apply(order, OrderAction.Pay, null, profile, new { paymentId = payment.PaymentId, provider });
                if (!moved.IsSuccess) return moved.Error!;
            }

            journal.Audit(duplicate ? "shop.payment.duplicate" : "shop.payment.captured", "order", order.OrderNumber, null,
                new { payment.PaymentId, provider, providerPaymentId, amount = amount.ToString(), card = card?.Last4 is null ? null : $"{card.Brand} •••• {card.Last4}" });
            journal.Event(ShopEvents.PaymentCaptured, order.UserEcosystemId, new
            {
                orderNumber = order.OrderNumber, paymentId = payment.PaymentId, provider, amount = amount.Minor, currency = amount.Currency, duplicate, shop = journal.State(profile),
            });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return (ToResponse(payment, order.OrderNumber, OrderTransitions.Word(order.Status)), duplicate);
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        if (!recorded.IsSuccess) return recorded.Error!;
        if (!recorded.Value.Duplicate) return recorded.Value.Response;

        // Two payments of one order raced and both were charged: this one goes back to the buyer in full.
        var back = await CallAsync(() => gateway.RefundAsync(new RefundRequest(providerPaymentId, null, "shop:duplicate:" + providerPaymentId, "duplicate"), ct),
            o => new Platform.Payments.RefundResult(o, null, null, null, "The payment service did not answer."));
        if (back.Succeeded)
        {
            await transactions.RunAsync<bool>(db, async c =>
            {
                var rows = await db.Payments.Where(p => p.ProviderPaymentId == providerPaymentId && p.Refunded == 0)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.Refunded, p => p.Amount), c).ConfigureAwait(false);
                if (rows > 0) journal.Audit("shop.payment.duplicate-refunded", "order", recorded.Value.Response.OrderNumber, null, new { providerPaymentId, amount = amount.ToString() });
                await db.SaveChangesAsync(c).ConfigureAwait(false);
                return true;
            }, ct).ConfigureAwait(false);
        }
        else
        {
            LogDuplicateNotRefunded(logger, recorded.Value.Response.OrderNumber, providerPaymentId);
        }

        return AlreadyPaid with { Message = "This order was already paid; this second payment has been refunded to your card." };
    }

    /// <summary>The card that paid becomes the client's card on file (for subscriptions and Retention): brand, last four, expiry, the gateway's ids.</summary>
    internal static void SaveCard(CustomerProfile profile, SavedCard card, DateTimeOffset now)
    {
        (profile.GatewayCustomerId, profile.PaymentMethodId, profile.CardBrand, profile.CardLast4, profile.CardExpMonth, profile.CardExpYear) =
            (card.GatewayCustomerId, card.PaymentMethodId, card.Brand, card.Last4, card.ExpMonth, card.ExpYear);
        profile.UpdatedAt = now;
        profile.Version++;
    }

    private async Task<Result<PaymentResponse>> RecordFailureAsync(Order order, string attemptKey, string? providerPaymentId, PaymentOutcome outcome, string? message, SavedCard? card, CancellationToken ct)
    {
        var result = await transactions.RunAsync<PaymentResponse>(db, async c =>
        {
            if (providerPaymentId is not null && await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.ProviderPaymentId == providerPaymentId, c).ConfigureAwait(false) is { } known)
            {
                return ToResponse(known, order.OrderNumber, OrderTransitions.Word(order.Status));
            }

            var payment = new ShopPayment
            {
                PaymentId = Ids.New("pay", time), OrderId = order.OrderId, Provider = gateway.Name, ProviderPaymentId = providerPaymentId, Amount = order.Total, Currency = order.Currency,
                Status = ShopPayment.Failed, FailureCode = CardInputs.FailureCode(outcome), FailureMessage = Clip(message ?? "The payment did not go through."),
                CardBrand = card?.Brand, CardLast4 = card?.Last4, AttemptKey = attemptKey, CreatedAt = time.UtcNowStored(),
            };
            db.Payments.Add(payment);
            journal.Audit("shop.payment.failed", "order", order.OrderNumber, null, new { payment.PaymentId, payment.FailureCode, payment.FailureMessage });
            journal.Event(ShopEvents.PaymentFailed, order.UserEcosystemId, new { orderNumber = order.OrderNumber, paymentId = payment.PaymentId, code = payment.FailureCode, amount = order.Total, currency = order.Currency });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return ToResponse(payment, order.OrderNumber, OrderTransitions.Word(order.Status));
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result;
    }

    /// <summary>
    /// Refunds all or part of what an order's payment took. The amount is reserved first by a conditional update
    /// (<c>amount_refunded + x ≤ amount_paid</c>), so refunds racing each other can never exceed what was paid; then the
    /// gateway refunds (keyed by the refund's id) and the refund is completed, or on refusal released.
    /// </summary>
    public async Task<Result<RefundResponse>> RefundAsync(string orderNumber, RefundOrderRequest request, string? idempotencyKey, CancellationToken ct)
    {
        var v = new Validator().Text(request.Reason, "reason", 300);
        if (request.Amount is not null) v.Amount(request.Amount, "amount", null, Catalog.CatalogService.MaxPrice, "refund");
        if (idempotencyKey is { Length: > 200 }) v.Add("Idempotency-Key", "The Idempotency-Key header is at most 200 characters.");
        if (!v.IsValid) return v.ToError();
        if (!PlainIds.IsPlain(orderNumber)) return Order.NotFound;
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderNumber == orderNumber, ct).ConfigureAwait(false);
        if (order is null) return Order.NotFound;
        var refundId = idempotencyKey is null ? Ids.New("ref", time) : "ref_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(order.OrderId + ":" + idempotencyKey)))[..32];

        var reserved = await ReserveAsync(order, refundId, request, ct).ConfigureAwait(false);
        if (!reserved.IsSuccess) return reserved.Error!;
        var refund = reserved.Value!;
        if (refund.Status != "pending") return await RefundViewAsync(refund, ct).ConfigureAwait(false);

        var payment = await db.Payments.AsNoTracking().SingleAsync(p => p.PaymentId == refund.PaymentId, ct).ConfigureAwait(false);
        var answer = await CallAsync(() => gateway.RefundAsync(new RefundRequest(payment.ProviderPaymentId!, new Money(refund.Amount, refund.Currency), "shop:" + refund.RefundId, Clip(refund.Reason)), ct),
            o => new Platform.Payments.RefundResult(o, null, null, null, "The payment service did not answer. Try again."));
        var finished = await transactions.RunAsync<ShopRefund>(db, async c =>
        {
            var row = await db.Refunds.ForUpdate().SingleAsync(r => r.RefundId == refund.RefundId, c).ConfigureAwait(false);
            if (row.Status != "pending") return row;
            var locked = await db.Orders.ForUpdate().SingleAsync(o => o.OrderId == order.OrderId, c).ConfigureAwait(false);
            var profile = await journal.ProfileForUpdateAsync(locked.UserEcosystemId, c).ConfigureAwait(false);
            if (answer.Succeeded)
            {
                row.Status = "succeeded";
                row.ProviderRefundId = answer.RefundId;
                await db.Payments.Where(p => p.PaymentId == row.PaymentId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Refunded, p => p.Refunded + row.Amount), c).ConfigureAwait(false);
                if (profile is not null)
                {
                    profile.Revenue -= row.Amount;
                    profile.Version++;
                }

                journal.OrderStep(locked, "refunded", locked.Status, row.Reason, ShopEvents.PaymentRefunded, null, profile,
                    new { refundId = row.RefundId, amount = row.Amount, refundedSoFar = locked.AmountRefunded });
            }
            else
            {
                row.Status = "failed";
                locked.AmountRefunded -= row.Amount;
                locked.Version++;
                journal.Audit("shop.refund.failed", "order", locked.OrderNumber, null, new { row.RefundId, amount = new Money(row.Amount, row.Currency).ToString(), answer.Message });
            }

            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return row;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        if (!finished.IsSuccess) return finished.Error!;
        if (finished.Value!.Status == "failed")
        {
            return new Error("REFUND_FAILED", 502, "The payment provider did not refund: " + (answer.Message ?? answer.Outcome.ToString()) + " Nothing was refunded; try again.");
        }

        return await RefundViewAsync(finished.Value, ct).ConfigureAwait(false);
    }

    private async Task<Result<ShopRefund>> ReserveAsync(Order order, string refundId, RefundOrderRequest request, CancellationToken ct)
    {
        try
        {
            return await ReserveOnceAsync(order, refundId, request, ct).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // The same Idempotency-Key at the same moment: the other request made the refund; answer it.
            db.ChangeTracker.Clear();
            return await db.Refunds.AsNoTracking().SingleOrDefaultAsync(r => r.RefundId == refundId, ct).ConfigureAwait(false) is { } made
                ? made
                : Error.Conflict("REFUND_IN_PROGRESS", "This refund is being made right now.");
        }
    }

    private async Task<Result<ShopRefund>> ReserveOnceAsync(Order order, string refundId, RefundOrderRequest request, CancellationToken ct)
    {
        var result = await transactions.RunAsync<ShopRefund>(db, async c =>
        {
            if (await db.Refunds.AsNoTracking().SingleOrDefaultAsync(r => r.RefundId == refundId, c).ConfigureAwait(false) is { } earlier) return earlier;
            var payment = await db.Payments.AsNoTracking().Where(p => p.OrderId == order.OrderId && p.Status == ShopPayment.Succeeded && p.Refunded < p.Amount)
                .OrderBy(p => p.PaymentId).FirstOrDefaultAsync(c).ConfigureAwait(false);
            var paid = await db.Orders.AsNoTracking().Where(o => o.OrderId == order.OrderId).Select(o => new { o.AmountPaid, o.AmountRefunded }).SingleAsync(c).ConfigureAwait(false);
            if (payment is null || paid.AmountPaid == 0) return Error.Unprocessable("NOTHING_TO_REFUND", $"Order {order.OrderNumber} has no payment left to refund.");
            var amount = request.Amount ?? paid.AmountPaid - paid.AmountRefunded;
            if (amount <= 0) return Error.Unprocessable("NOTHING_TO_REFUND", $"Everything paid for order {order.OrderNumber} was refunded already.");
            // The one rule: what is refunded never exceeds what was paid, with refunds racing each other.
            var taken = await db.Orders.Where(o => o.OrderId == order.OrderId && o.AmountRefunded + amount <= o.AmountPaid)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.AmountRefunded, o => o.AmountRefunded + amount).SetProperty(o => o.Version, o => o.Version + 1), c).ConfigureAwait(false);
            if (taken == 0)
            {
                var left = await db.Orders.AsNoTracking().Where(o => o.OrderId == order.OrderId).Select(o => o.AmountPaid - o.AmountRefunded).SingleAsync(c).ConfigureAwait(false);
                return Error.Unprocessable("REFUND_TOO_LARGE", $"That is more than what is left to refund: {new Money(left, order.Currency)}.");
            }

            var refund = new ShopRefund
            {
                RefundId = refundId, PaymentId = payment.PaymentId, OrderId = order.OrderId, Amount = amount, Currency = order.Currency, Reason = request.Reason?.Trim(),
                ActorId = journal.ActorId, Status = "pending", CreatedAt = time.UtcNowStored(),
            };
            db.Refunds.Add(refund);
            journal.Audit("shop.refund.requested", "order", order.OrderNumber, new { refunded = new Money(paid.AmountRefunded, order.Currency).ToString() },
                new { refund.RefundId, amount = new Money(amount, order.Currency).ToString(), refund.Reason });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return refund;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result;
    }

    private async Task<RefundResponse> RefundViewAsync(ShopRefund r, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().SingleAsync(o => o.OrderId == r.OrderId, ct).ConfigureAwait(false);
        return new RefundResponse(r.RefundId, order.OrderNumber, r.Amount, r.Currency, r.Status, order.AmountRefunded, order.AmountPaid, r.Reason);
    }

    /// <summary>A gateway call; a provider that does not answer is an outcome (processing error), not an exception.</summary>
    private async Task<T> CallAsync<T>(Func<Task<T>> call, Func<PaymentOutcome, T> unavailable)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException or InvalidOperationException)
        {
            LogGatewayFailed(logger, gateway.Name, ex.GetType().Name);
            return unavailable(PaymentOutcome.ProcessingError);
        }
    }

    internal static PaymentResponse ToResponse(ShopPayment p, string orderNumber, string orderStatus) =>
        new(p.PaymentId, orderNumber, p.Status, p.Amount, p.Currency, p.CardLast4 is null ? null : $"{p.CardBrand} •••• {p.CardLast4}", p.FailureCode, p.FailureMessage, orderStatus);

    private static string? Clip(string? s) => s is null ? null : s.Length <= 300 ? s : s[..300];

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Gateway} payment gateway failed ({Exception}); answered as a processing error.")]
    private static partial void LogGatewayFailed(ILogger logger, string gateway, string exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Order {OrderNumber} was charged twice and the second charge {PaymentId} could not be refunded automatically: refund it by hand.")]
    private static partial void LogDuplicateNotRefunded(ILogger logger, string orderNumber, string paymentId);
}
