using Ecosystem.Platform;

namespace Ecosystem.Retention.Contracts;

/// <summary>
/// What other modules may tell Retention: a person's recurring payment failed. The person becomes (or stays) a
/// retention customer with that card on file, the failure is recorded and the customer is graded at risk at once, so
/// the churn chat can recover the payment. Idempotent per <see cref="FailedPaymentReport.Reference"/>.
/// </summary>
public interface IAtRiskReporter
{
    /// <returns>The retention customer's id.</returns>
    Task<Result<string>> ReportFailedPaymentAsync(FailedPaymentReport report, CancellationToken cancellationToken);
}
