using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Outbox;
using Ecosystem.Retention.Contracts;
using Ecosystem.Retention.Customers;
using Ecosystem.Retention.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Retention.AtRisk;

/// <summary>The risk scan: marks customers at risk by <see cref="RiskRules"/> (the background job and the admin's button).</summary>
internal sealed class RiskScanService(RetentionDbContext db, Transactions transactions, OperationContext op, TimeProvider time, RetentionOptions options)
{
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
                db.Outbox.Add(OutboxMessage.Create(op, time, RetentionEvents.RiskDetected, customer.UserEcosystemId, new
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
}
