namespace Ecosystem.Campaigns.Sending;

/// <summary>What the WhatsApp sender answered for one message: accepted with its id, or an error code (the Cloud API's numbers, e.g. 130429) and whether it may succeed later.</summary>
public sealed record SendOutcome(string? MessageId, string? ErrorCode, bool Transient)
{
    public bool Accepted => MessageId is not null;

    public static SendOutcome Sent(string messageId) => new(messageId, null, false);

    public static SendOutcome Error(string code, bool transient) => new(null, code, transient);
}
