namespace Ecosystem.Retention.Adapters;

/// <summary><c>Retention:Stripe:*</c>. Registered always (the chat page reads the publishable key).</summary>
internal sealed record StripeOptions
{
    public const string DefaultBaseUrl = "https://api.stripe.com";
    public const string DefaultApiVersion = "2024-06-20";

    public Uri BaseUri { get; init; } = new(DefaultBaseUrl + "/");
    /// <summary><c>sk_test_…</c>, <c>sk_live_…</c> or a restricted <c>rk_…</c> key. Secret: never logged.</summary>
    public string SecretKey { get; init; } = "";
    /// <summary>For Stripe.js on the chat page (<c>pk_…</c>); not a secret.</summary>
    public string? PublishableKey { get; init; }
    /// <summary>Sent as <c>Stripe-Version</c> so Stripe's answers keep the shape this adapter parses.</summary>
    public string ApiVersion { get; init; } = DefaultApiVersion;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    public override string ToString() =>
        $"StripeOptions {{ BaseUri = {BaseUri}, SecretKey = {(SecretKey.Length > 0 ? "(set)" : "(unset)")}, ApiVersion = {ApiVersion} }}";
}
