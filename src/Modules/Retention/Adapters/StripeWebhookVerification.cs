namespace Ecosystem.Retention.Adapters;

/// <summary>The outcome of <see cref="StripeWebhookVerifier.Verify(ReadOnlySpan{byte}, string?, IReadOnlyCollection{string}, TimeSpan?)"/>.</summary>
internal sealed record StripeWebhookVerification(StripeWebhookFailure Failure, string Reason, StripeWebhookEvent? Event)
{
    public bool IsValid => Failure == StripeWebhookFailure.None && Event is not null;

    /// <summary>A stable machine code for a ProblemDetails answer (400 for all refusals, 503 for NotConfigured is reasonable).</summary>
    public string Code => Failure switch
    {
        StripeWebhookFailure.None => "OK",
        StripeWebhookFailure.NotConfigured => "STRIPE_WEBHOOK_NOT_CONFIGURED",
        StripeWebhookFailure.MissingHeader => "STRIPE_SIGNATURE_MISSING",
        StripeWebhookFailure.MalformedHeader => "STRIPE_SIGNATURE_MALFORMED",
        StripeWebhookFailure.BadSignature => "STRIPE_SIGNATURE_INVALID",
        StripeWebhookFailure.OutsideTolerance => "STRIPE_SIGNATURE_EXPIRED",
        StripeWebhookFailure.MalformedPayload => "STRIPE_PAYLOAD_MALFORMED",
        _ => "STRIPE_WEBHOOK_REJECTED",
    };
}
