namespace Ecosystem.Campaigns.Campaigns;

/// <summary>A campaign's status (seed: <c>draft → running → paused → running → done</c>).</summary>
public static class CampaignStatus
{
    public const string Draft = "draft";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Done = "done";
}
