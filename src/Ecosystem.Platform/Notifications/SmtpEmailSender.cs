using MailKit.Net.Smtp;
using MimeKit;

namespace Ecosystem.Platform.Notifications;

/// <summary>E-mail over SMTP with MailKit: one connection per message, the message as plain text, our id in a header.</summary>
internal sealed class SmtpEmailSender(SmtpOptions options) : INotificationSender
{
    public const string IdHeader = "X-Ecosystem-Notification";

    public string Channel => NotificationChannel.Email;

    public string Name => "smtp";

    public async Task<string?> SendAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        using var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(options.From));
        mime.To.Add(MailboxAddress.Parse(message.Recipient));
        mime.Subject = message.Subject ?? "";
        mime.Headers.Add(IdHeader, message.Id);
        mime.Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = message.Body };
        using var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        await client.ConnectAsync(options.Host, options.Port, options.Security, cancellationToken).ConfigureAwait(false);
        if (options.Username is { } user) await client.AuthenticateAsync(user, options.Password ?? "", cancellationToken).ConfigureAwait(false);
        await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
        return mime.MessageId;
    }
}
