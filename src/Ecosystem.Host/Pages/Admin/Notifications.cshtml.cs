using Ecosystem.Platform.Http;
using Ecosystem.Platform.Notifications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Host.Pages.Admin;

/// <summary>The notification outbox: every message to a person, as they read it, with its delivery state.</summary>
internal sealed class NotificationsModel(Notifier notifications) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Channel { get; set; }

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }

    [BindProperty(SupportsGet = true)] public string? Module { get; set; }

    [BindProperty(SupportsGet = true)] public string? Cursor { get; set; }

    public Page<NotificationView>? Messages { get; private set; }

    public string? Problem { get; private set; }

    public bool Filtered => !string.IsNullOrEmpty(Channel) || !string.IsNullOrEmpty(Status) || !string.IsNullOrEmpty(Module);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var result = await notifications.ListAsync(Blank(Channel), Blank(Status), Blank(Module), null, 30, Blank(Cursor), ct);
        if (result.IsSuccess) Messages = result.Value;
        else Problem = result.Error!.Fields?.Values.SelectMany(v => v).FirstOrDefault() ?? result.Error.Message;
    }

    public static string ChannelName(string channel) => channel switch
    {
        NotificationChannel.Email => "E-mail",
        NotificationChannel.Sms => "Text message",
        NotificationChannel.WhatsApp => "WhatsApp",
        _ => channel,
    };

    public static string StatusWords(NotificationView n) => n.Status switch
    {
        NotificationStatus.Sent when n.SentVia == "outbox" => "delivered here",
        NotificationStatus.Sent => "sent by " + n.SentVia,
        NotificationStatus.Queued => "waiting to send",
        NotificationStatus.Retrying => "failed, will retry",
        NotificationStatus.Failed => "could not be sent",
        _ => n.Status,
    };

    public static string Badge(string status) => status switch
    {
        NotificationStatus.Sent => "badge-ok",
        NotificationStatus.Queued or NotificationStatus.Retrying => "badge-warn",
        NotificationStatus.Failed => "badge-bad",
        _ => "",
    };

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
