using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Ecosystem.Platform.Notifications;

/// <summary>The channels a message goes out on, and what a recipient of each looks like.</summary>
public static partial class NotificationChannel
{
    public const string Email = "email";
    public const string Sms = "sms";
    public const string WhatsApp = "whatsapp";

    public static readonly IReadOnlyList<string> All = [Email, Sms, WhatsApp];

    /// <summary>An e-mail address for e-mail; an E.164 number (+ and 8 to 15 digits) for SMS and WhatsApp.</summary>
    public static bool IsValidRecipient(string channel, string recipient) => channel switch
    {
        Email => recipient.Length <= 254 && MailAddress.TryCreate(recipient, out var address) && address.Address == recipient,
        Sms or WhatsApp => E164().IsMatch(recipient),
        _ => false,
    };

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164();
}
