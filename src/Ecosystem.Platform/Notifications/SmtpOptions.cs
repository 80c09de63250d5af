using System.Globalization;
using MailKit.Security;
using Microsoft.Extensions.Configuration;

namespace Ecosystem.Platform.Notifications;

/// <summary>
/// <c>Notifications:Email:Provider</c> (<c>outbox</c>, the default, or <c>smtp</c>) and <c>Notifications:Email:Smtp:*</c>:
/// Host, Port (587), Security (<c>starttls</c>, <c>ssl</c>, <c>none</c> or <c>auto</c>), Username, Password, From,
/// TimeoutSeconds (30). Invalid settings stop the start with one message naming each bad key (never a value).
/// </summary>
public sealed record SmtpOptions
{
    public string Host { get; init; } = "";
    public int Port { get; init; } = 587;
    public SecureSocketOptions Security { get; init; } = SecureSocketOptions.StartTls;
    public string? Username { get; init; }
    /// <summary>Secret: never logged.</summary>
    public string? Password { get; init; }
    public string From { get; init; } = "Ecosystem <no-reply@ecosystem.local>";
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The SMTP settings when <c>Notifications:Email:Provider</c> is <c>smtp</c>; null for the embedded outbox.</summary>
    public static SmtpOptions? Read(IConfiguration configuration)
    {
        var email = configuration.GetSection("Notifications:Email");
        var provider = (email["Provider"] ?? "outbox").Trim().ToLowerInvariant();
        if (provider == "outbox") return null;
        var problems = new List<string>();
        if (provider != "smtp") problems.Add("Notifications:Email:Provider must be outbox or smtp.");
        var smtp = email.GetSection("Smtp");
        var host = smtp["Host"]?.Trim() ?? "";
        if (host.Length == 0) problems.Add("Notifications:Email:Provider is smtp but Notifications:Email:Smtp:Host is not set.");
        var port = 587;
        if (smtp["Port"] is { Length: > 0 } p && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            problems.Add("Notifications:Email:Smtp:Port must be a port number from 1 to 65535.");
        }

        var security = (smtp["Security"] ?? "starttls").Trim().ToLowerInvariant() switch
        {
            "starttls" => SecureSocketOptions.StartTls,
            "ssl" => SecureSocketOptions.SslOnConnect,
            "none" => SecureSocketOptions.None,
            "auto" => SecureSocketOptions.Auto,
            _ => (SecureSocketOptions?)null,
        };
        if (security is null) problems.Add("Notifications:Email:Smtp:Security must be starttls, ssl, none or auto.");
        var from = smtp["From"]?.Trim() is { Length: > 0 } f ? f : "Ecosystem <no-reply@ecosystem.local>";
        if (!MimeKit.MailboxAddress.TryParse(from, out _)) problems.Add("Notifications:Email:Smtp:From must be an address such as \"Shop <hello@example.com>\".");
        var timeout = 30;
        if (smtp["TimeoutSeconds"] is { Length: > 0 } t && (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out timeout) || timeout is < 1 or > 300))
        {
            problems.Add("Notifications:Email:Smtp:TimeoutSeconds must be a whole number of seconds from 1 to 300.");
        }

        if (problems.Count > 0) throw new InvalidOperationException("Invalid notification settings:\n- " + string.Join("\n- ", problems));
        return new SmtpOptions
        {
            Host = host, Port = port, Security = security!.Value, Username = smtp["Username"] is { Length: > 0 } u ? u : null,
            Password = smtp["Password"] is { Length: > 0 } pw ? pw : null, From = from, Timeout = TimeSpan.FromSeconds(timeout),
        };
    }

    public override string ToString() => $"SmtpOptions {{ Host = {Host}, Port = {Port}, Security = {Security}, Username = {(Username is null ? "(none)" : "(set)")}, Password = {(Password is null ? "(none)" : "(set)")}, From = {From} }}";
}
