using Ecosystem.Retention.PaymentFailures;
using Ecosystem.Retention.Sessions;

namespace Ecosystem.Retention.Customers;

public sealed record CustomerDetailResponse(
    CustomerResponse Customer, IReadOnlyList<PaymentMethodResponse> PaymentMethods, IReadOnlyList<SessionSummary> Sessions, IReadOnlyList<PaymentFailureResponse> PaymentFailures);
