namespace Ecosystem.Platform.Payments.Stripe;

/// <summary>
/// <c>Payments:Stripe:*</c>. No API version setting: Stripe.net pins the version its typed models were generated for
/// and sends it as <c>Stripe-Version</c> on every call (ADR 0022); upgrading the package is upgrading the version.
/// </summary>
public sealed record StripeOptions
{
    public const string DefaultBaseUrl = "https://api.stripe.com";

    /// <summary>Stripe.net's own default: a connection failure, a timeout, a 409, 429 or 5xx (unless Stripe says not to) is tried again.</summary>
    public const int DefaultMaxNetworkRetries = 2;

    public Uri BaseUri { get; init; } = new(DefaultBaseUrl + "/");

    /// <summary><c>sk_test_…</c>, <c>sk_live_…</c> or a restricted <c>rk_…</c> key. Secret: never logged or printed.</summary>
    public string SecretKey { get; init; } = "";

    /// <summary>For Stripe.js in the browser (<c>pk_…</c>); not a secret.</summary>
    public string? PublishableKey { get; init; }

    /// <summary>Per HTTP attempt; with retries a call may take up to <c>(1 + MaxNetworkRetries)</c> times this, plus Stripe.net's back-off.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Retries Stripe.net makes on network failures, timeouts, 409, 429 and 5xx, with the same idempotency key.</summary>
    public int MaxNetworkRetries { get; init; } = DefaultMaxNetworkRetries;

    public override string ToString() =>
        $"StripeOptions {{ BaseUri = {BaseUri}, SecretKey = {(SecretKey.Length > 0 ? "(set)" : "(unset)")}, PublishableKey = {(PublishableKey is null ? "(unset)" : "(set)")}, "
        + $"Timeout = {Timeout.TotalSeconds} s, MaxNetworkRetries = {MaxNetworkRetries} }}";
}
