namespace Ecosystem.Retention;

/// <summary>The retention module's operator settings (declared in <see cref="RetentionModule"/>, changed on /admin/settings).</summary>
public static class RetentionSettings
{
    /// <summary>Card attempts per chat before it ends as technical-failure (1–10).</summary>
    public const string MaxPaymentAttempts = "retention.max_payment_attempts";
}
