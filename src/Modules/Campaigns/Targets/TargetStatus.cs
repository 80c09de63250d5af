namespace Ecosystem.Campaigns.Targets;

/// <summary>
/// A target's status. The seed's: <c>queued → sent → delivered | read</c>; <c>queued → failed | opted_out</c>;
/// <c>queued_throttled → queued</c>. Ours besides: <c>sending</c> (claimed by a dispatcher, the send under way) and
/// <c>unknown</c> (a send whose outcome was lost in a crash: final, never resent; ADR 0028).
/// </summary>
public static class TargetStatus
{
    public const string Queued = "queued";
    public const string Throttled = "queued_throttled";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Read = "read";
    public const string Failed = "failed";
    public const string OptedOut = "opted_out";
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<string> All = [Queued, Throttled, Sending, Sent, Delivered, Read, Failed, OptedOut, Unknown];

    /// <summary>Waiting for the dispatcher; a campaign is done when none of its targets is in one of these.</summary>
    public static readonly IReadOnlyList<string> Open = [Queued, Throttled, Sending];

    /// <summary>How far a sent message got: a status update moves a target only forward on this scale.</summary>
    public static int Rank(string status) => status switch
    {
        Sent => 1,
        Delivered => 2,
        Read => 3,
        _ => 0,
    };

    public static string Label(string status) => status switch
    {
        Queued => "Queued",
        Throttled => "Throttled",
        Sending => "Sending",
        Sent => "Sent",
        Delivered => "Delivered",
        Read => "Read",
        Failed => "Failed",
        OptedOut => "Opted out",
        Unknown => "Outcome unknown",
        _ => status,
    };
}
