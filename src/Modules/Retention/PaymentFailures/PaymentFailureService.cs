using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Outbox;
using Ecosystem.Retention.AtRisk;
using Ecosystem.Retention.Contracts;
using Ecosystem.Retention.Customers;
using Ecosystem.Retention.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Retention.PaymentFailures;

/// <summary>Failed charges, recorded by an admin or from a Stripe webhook: each re-grades the customer's risk.</summary>
internal sealed class PaymentFailureService(RetentionDbContext db, Transactions transactions, OperationContext op, TimeProvider time, RetentionOptions options)
{
    public static readonly Error NoPaymentMethod = Error.Conflict("NO_PAYMENT_METHOD", "This customer has no card on file to record a failed charge against.");

    /// <summary>Largest failed charge an admin can record (minor units): a typo guard, far above any plan.</summary>
    public const long MaxFailureAmount = 100_000_000;

    /// <summary>An admin records a failed charge on the customer's default card (e.g. reported by the billing system).</summary>
    public Task<Result<PaymentFailureResponse>> RecordPaymentFailureAsync(string customerId, PaymentFailureRequest r, CancellationToken ct)
    {
        var v = new Validator()
            .Amount(r.Amount, "amount", r.Currency, MaxFailureAmount)
            .Require(r.Currency is not null && Money.IsKnownCurrency(r.Currency), "currency", "The currency must be a known three-letter code, like USD.")
            .Text(r.Reason, "reason", 200);
        if (!v.IsValid) return Task.FromResult<Result<PaymentFailureResponse>>(v.ToError());
        return ApplyPaymentFailureAsync(customerId, new Money(r.Amount!.Value, r.Currency!), r.Reason!.Trim(), "admin", null, ct);
    }

    /// <summary>
    /// One failed charge, in one transaction: the customer row locked (compare-and-set on its version), the default
    /// card's failure count + 1 and last failure date, the customer re-graded by <see cref="RiskRules"/>, the failure
    /// row, one audit row and one <c>com.ecosystem.retention.payment.failed</c> event. From a webhook,
    /// <paramref name="externalRef"/> is the provider's event id (the shared inbox runs it once per event).
    /// </summary>
    internal Task<Result<PaymentFailureResponse>> ApplyPaymentFailureAsync(string customerId, Money amount, string reason, string source, string? externalRef, CancellationToken ct) =>
        transactions.RunAsync<PaymentFailureResponse>(db, async c =>
        {
            var customer = await db.Customers.ForUpdate().SingleOrDefaultAsync(x => x.CustomerId == customerId, c).ConfigureAwait(false);
            if (customer is null) return CustomerService.CustomerNotFound;
            var card = await db.PaymentMethods.Where(p => p.CustomerId == customerId && p.IsDefault).FirstOrDefaultAsync(c).ConfigureAwait(false);
            if (card is null) return NoPaymentMethod;
            var now = time.UtcNowStored();
            var before = new { customer = customer.Snapshot(), card.FailureCount };
            customer.RecordPaymentFailure(card, now, options.ExpiringCardWindowDays);
            var failure = new PaymentFailure
            {
                PaymentFailureId = Ids.New("pf", time), CustomerId = customerId, PaymentMethodId = card.PaymentMethodId, Amount = amount.Minor, Currency = amount.Currency,
                Reason = reason, Source = source, ExternalRef = externalRef, OccurredAt = now,
            };
            db.PaymentFailures.Add(failure);
            db.AuditLog.Add(AuditEntry.Create(op, time, "retention.payment.failed", "retention-customer", customerId, before,
                new { customer = customer.Snapshot(), card.FailureCount, failure.PaymentFailureId, failure.Amount, failure.Currency, failure.Reason, failure.Source, failure.ExternalRef }));
            db.Outbox.Add(OutboxMessage.Create(op, time, RetentionEvents.PaymentFailed, customer.UserEcosystemId, new
            {
                customerId, paymentFailureId = failure.PaymentFailureId, amount = failure.Amount, currency = failure.Currency, source, failureCount = card.FailureCount,
                retention = customer.RiskState(),
            }));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return ToResponse(failure, customer, card);
        }, ct);

    internal static PaymentFailureResponse ToResponse(PaymentFailure f, Customer c, PaymentMethod? card) => new(
        f.PaymentFailureId, f.CustomerId, f.PaymentMethodId, f.Amount, f.Currency, f.Reason, f.Source, f.OccurredAt, card?.FailureCount ?? 0,
        Kebab.Of(c.AccountStatus), Kebab.Of(c.RiskCategory), Kebab.Of(c.RiskSeverity));
}
