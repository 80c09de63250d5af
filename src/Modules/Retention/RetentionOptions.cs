using Microsoft.Extensions.Configuration;

namespace Ecosystem.Retention;

/// <summary>Configuration under <c>Retention:</c> (see README). Defaults are the seed's.</summary>
public sealed record RetentionOptions
{
    /// <summary><c>Retention:SessionLimitSeconds</c> — the chat's hard time box (seed: 180 s).</summary>
    public TimeSpan SessionLimit { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary><c>Retention:ExpiringCardWindowDays</c> — a card expiring within this many days is a risk.</summary>
    public int ExpiringCardWindowDays { get; init; } = 30;

    /// <summary><c>Retention:RiskScanIntervalMinutes</c> — how often the background risk scan runs (0 = never).</summary>
    public TimeSpan RiskScanInterval { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary><c>Retention:SweepIntervalSeconds</c> — how often overdue sessions are closed as abandoned.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary><c>Retention:MaxPaymentAttempts</c> — card attempts per session before technical-failure: the starting value of the operator setting <c>retention.max_payment_attempts</c>.</summary>
    public int MaxPaymentAttempts { get; init; } = 3;

    /// <summary><c>Retention:PublicBaseUrl</c> — origin of chat links; the request's own origin when empty.</summary>
    public string? PublicBaseUrl { get; init; }

    public static RetentionOptions From(IConfiguration configuration)
    {
        var s = configuration.GetSection("Retention");
        var d = new RetentionOptions();
        var limit = s.GetValue<int?>("SessionLimitSeconds");
        var window = s.GetValue<int?>("ExpiringCardWindowDays");
        var scan = s.GetValue<int?>("RiskScanIntervalMinutes");
        var sweep = s.GetValue<int?>("SweepIntervalSeconds");
        var attempts = s.GetValue<int?>("MaxPaymentAttempts");
        if (limit is <= 0 or > 3600) throw new InvalidOperationException("Retention:SessionLimitSeconds must be between 1 and 3600.");
        if (window is < 1 or > 366) throw new InvalidOperationException("Retention:ExpiringCardWindowDays must be between 1 and 366.");
        if (scan is < 0) throw new InvalidOperationException("Retention:RiskScanIntervalMinutes must not be negative.");
        if (sweep is <= 0 or > 3600) throw new InvalidOperationException("Retention:SweepIntervalSeconds must be between 1 and 3600.");
        if (attempts is < 1 or > 10) throw new InvalidOperationException("Retention:MaxPaymentAttempts must be between 1 and 10.");
        return new RetentionOptions
        {
            SessionLimit = limit is { } l ? TimeSpan.FromSeconds(l) : d.SessionLimit,
            ExpiringCardWindowDays = window ?? d.ExpiringCardWindowDays,
            RiskScanInterval = scan is { } m ? TimeSpan.FromMinutes(m) : d.RiskScanInterval,
            SweepInterval = sweep is { } w ? TimeSpan.FromSeconds(w) : d.SweepInterval,
            MaxPaymentAttempts = attempts ?? d.MaxPaymentAttempts,
            PublicBaseUrl = string.IsNullOrWhiteSpace(s["PublicBaseUrl"]) ? null : s["PublicBaseUrl"]!.TrimEnd('/'),
        };
    }
}
