using Ecosystem.Platform;
using Ecosystem.Platform.Notifications;

namespace Ecosystem.Retention.Notifications;

/// <summary>The messages retention sends: the chat link, by e-mail or by text message.</summary>
internal static class RetentionNotifications
{
    public const string ChatLinkEmail = "retention.chat-link.email";
    public const string ChatLinkSms = "retention.chat-link.sms";
    private static readonly string[] Variables = ["firstName", "duration", "chatUrl"];
    private const string Body = "Hi {{ firstName }}, we need a minute of your time about your payment card. Chat with us here (the link works for the next {{ duration }}): {{ chatUrl }}";

    public static ModuleBuilder AddRetentionNotifications(this ModuleBuilder module) => module
        .NotificationTemplate(ChatLinkEmail, NotificationChannel.Email, "A quick question about your payment card", Body, Variables, linkVariable: "chatUrl")
        .NotificationTemplate(ChatLinkSms, NotificationChannel.Sms, null, Body, Variables, linkVariable: "chatUrl");

    /// <summary>The phone as an E.164 number when it is written as a full international one (+, then digits with spaces, dashes or brackets); else null.</summary>
    public static string? SmsNumber(string? phone)
    {
        if (phone is null || !phone.TrimStart().StartsWith('+')) return null;
        var number = "+" + new string(phone.Where(char.IsAsciiDigit).ToArray());
        return NotificationChannel.IsValidRecipient(NotificationChannel.Sms, number) ? number : null;
    }
}
