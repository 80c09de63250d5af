using System.Globalization;
using Ecosystem.Campaigns.Campaigns;
using Ecosystem.Campaigns.Targets;

namespace Ecosystem.Campaigns.Pages;

/// <summary>Words and badges the campaign pages share.</summary>
internal static class CampaignFormat
{
    public static string Time(DateTimeOffset? t) => t is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "—";

    public static string Badge(string status) => status switch
    {
        CampaignStatus.Running or TargetStatus.Sent or TargetStatus.Delivered or TargetStatus.Read => "badge-ok",
        CampaignStatus.Paused or TargetStatus.Throttled or TargetStatus.Sending => "badge-warn",
        TargetStatus.Failed or TargetStatus.OptedOut or TargetStatus.Unknown => "badge-bad",
        _ => "badge-brand",
    };

    public static string CampaignWord(string status) => status switch
    {
        CampaignStatus.Draft => "Draft",
        CampaignStatus.Running => "Running",
        CampaignStatus.Paused => "Paused",
        CampaignStatus.Done => "Done",
        _ => status,
    };

    public static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
