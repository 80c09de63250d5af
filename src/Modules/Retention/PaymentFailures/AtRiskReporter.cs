using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Retention.Contracts;
using Ecosystem.Retention.Customers;
using Ecosystem.Retention.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Retention.PaymentFailures;

/// <summary>
/// <see cref="IAtRiskReporter"/>: in one unit, the person's retention customer (created on first report, with the card
/// that failed as the default card on file; a newer card replaces the default), then the failure through
/// <see cref="PaymentFailureService"/> (failure count + 1, graded at risk, audit row, event). A reference already
/// recorded answers the customer and changes nothing.
/// </summary>
internal sealed class AtRiskReporter(RetentionDbContext db, Transactions transactions, OperationContext op, TimeProvider time, PaymentFailureService failures) : IAtRiskReporter
{
    public Task<Result<string>> ReportFailedPaymentAsync(FailedPaymentReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        return transactions.RunAsync<string>(db, async ct =>
        {
            var reference = report.Reference.Length > 100 ? report.Reference[..100] : report.Reference;
            var customer = await db.Customers.ForUpdate().SingleOrDefaultAsync(c => c.UserEcosystemId == report.UserEcosystemId, ct).ConfigureAwait(false);
            if (customer is not null && await db.PaymentFailures.AnyAsync(f => f.CustomerId == customer.CustomerId && f.ExternalRef == reference, ct).ConfigureAwait(false))
            {
                return customer.CustomerId;
            }

            var now = time.UtcNowStored();
            if (customer is null)
            {
                var value = report.MonthlyValue.Minor > 0 ? report.MonthlyValue : report.FailedAmount;
                customer = Customer.Create(Ids.New("cus", time), report.UserEcosystemId, Clip(report.Name, 200), Clip(report.Email, 254), null, Clip(report.Plan, 100),
                    value, now, null, now);
                db.Customers.Add(customer);
                db.AuditLog.Add(AuditEntry.Create(op, time, "retention.customer.created", "retention-customer", customer.CustomerId, null,
                    new { customer.Name, customer.Plan, customer.AccountValue, customer.Currency, source = report.Gateway }));
            }

            if (report.GatewayCustomerId is { Length: > 0 } gatewayCustomer
                && !await db.Customers.AnyAsync(c => c.GatewayCustomerId == gatewayCustomer && c.CustomerId != customer.CustomerId, ct).ConfigureAwait(false))
            {
                customer.LinkGatewayCustomer(gatewayCustomer);
            }

            var cards = await db.PaymentMethods.Where(p => p.CustomerId == customer.CustomerId).ToListAsync(ct).ConfigureAwait(false);
            var same = cards.FirstOrDefault(p => report.GatewayPaymentMethodId is not null && p.GatewayPaymentMethodId == report.GatewayPaymentMethodId);
            if (same is null)
            {
                foreach (var other in cards) other.IsDefault = false;
                db.PaymentMethods.Add(new PaymentMethod
                {
                    PaymentMethodId = Ids.New("pm", time), CustomerId = customer.CustomerId, CardType = Clip(report.CardBrand.ToLowerInvariant(), 20),
                    LastFourDigits = report.CardLast4.Length == 4 ? report.CardLast4 : "0000", ExpiryMonth = Math.Clamp(report.CardExpMonth, 1, 12), ExpiryYear = report.CardExpYear,
                    Status = PaymentMethodStatus.Active, IsDefault = true, Gateway = Clip(report.Gateway, 20), GatewayPaymentMethodId = report.GatewayPaymentMethodId, CreatedAt = now,
                });
            }
            else if (!same.IsDefault)
            {
                foreach (var other in cards) other.IsDefault = other == same;
            }

            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            var applied = await failures.ApplyPaymentFailureAsync(customer.CustomerId, report.FailedAmount, Clip(report.Reason, 200), Clip(report.Gateway, 20), reference, ct).ConfigureAwait(false);
            return applied.IsSuccess ? customer.CustomerId : applied.Error!;
        }, cancellationToken);
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];
}
