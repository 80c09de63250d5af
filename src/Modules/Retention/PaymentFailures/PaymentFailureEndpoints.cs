using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Retention.PaymentFailures;

internal static class PaymentFailureEndpoints
{
    public static RouteGroupBuilder MapPaymentFailuresApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/customers/{customerId}/payment-failures", RecordRetentionPaymentFailure).WithIdempotency().WithName("RecordRetentionPaymentFailure");
        return admin;
    }

    private static async Task<Results<Created<PaymentFailureResponse>, ProblemHttpResult>> RecordRetentionPaymentFailure(string customerId, PaymentFailureRequest request, PaymentFailureService paymentFailures, CancellationToken ct)
    {
        var result = await paymentFailures.RecordPaymentFailureAsync(customerId, request, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/retention/customers/{customerId}", result.Value) : Problems.For(result.Error!);
    }
}
