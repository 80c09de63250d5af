namespace Ecosystem.Platform.Webhooks;

/// <summary>A delivery's states (<see cref="WebhookDelivery.Status"/>).</summary>
public static class WebhookStatus
{
    /// <summary>Verified and stored; its subscribers have not all run yet.</summary>
    public const string Pending = "pending";
    /// <summary>Every subscriber had its effect.</summary>
    public const string Processed = "processed";
    /// <summary>Verified, but no module subscribes to its type: kept, nothing to do.</summary>
    public const string Ignored = "ignored";
    /// <summary>A subscriber failed; retried with backoff.</summary>
    public const string Failed = "failed";
    /// <summary>Failed on every attempt: waits for an operator's replay.</summary>
    public const string Dead = "dead";
    /// <summary>The signature was missing, wrong or stale: refused with 400, never handed to a module.</summary>
    public const string Rejected = "rejected";

    public static readonly IReadOnlyList<string> All = [Pending, Processed, Ignored, Failed, Dead, Rejected];
}
