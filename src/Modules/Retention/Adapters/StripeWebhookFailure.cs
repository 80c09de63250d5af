namespace Ecosystem.Retention.Adapters;

/// <summary>Why a Stripe webhook was refused. <see cref="None"/> means it was accepted.</summary>
internal enum StripeWebhookFailure
{
    None,
    /// <summary>No endpoint secret is configured (Retention:Stripe:WebhookSecrets is empty).</summary>
    NotConfigured,
    /// <summary>The Stripe-Signature header is absent or blank.</summary>
    MissingHeader,
    /// <summary>The header has no numeric <c>t=</c> or no <c>v1=</c> entry.</summary>
    MalformedHeader,
    /// <summary>No <c>v1</c> signature matches the payload under any configured secret.</summary>
    BadSignature,
    /// <summary>The signature is right but <c>t</c> is more than the tolerance away from now (either direction).</summary>
    OutsideTolerance,
    /// <summary>The signature is right but the body is not a Stripe event (JSON with string <c>id</c> and <c>type</c>).</summary>
    MalformedPayload,
}
