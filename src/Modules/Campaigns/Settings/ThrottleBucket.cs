using System.Text.Json.Serialization;

namespace Ecosystem.Campaigns.Settings;

/// <summary>
/// One throttle bucket of <c>send_throttle</c> (<c>{"whatsapp":{"per_minute":60}}</c>): sends per minute, and optionally
/// the WhatsApp messaging tier (unique recipients per 24 hours: 250, 1000, 10000, 100000; none = unlimited) and the
/// per-recipient rate (messages to one number per 24 hours).
/// </summary>
public sealed record ThrottleBucket(
    [property: JsonPropertyName("per_minute")] int PerMinute,
    [property: JsonPropertyName("unique_recipients_per_day")] int? UniqueRecipientsPerDay = null,
    [property: JsonPropertyName("per_recipient_per_day")] int? PerRecipientPerDay = null);
