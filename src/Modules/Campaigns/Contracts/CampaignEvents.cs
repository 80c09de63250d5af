namespace Ecosystem.Campaigns.Contracts;

/// <summary>The events the Campaigns module publishes, named <c>com.ecosystem.campaigns.{campaign,message,optout}.{action}</c>.</summary>
public static class CampaignEvents
{
    public const string Product = "campaigns";

    /// <summary>Events about a person carry <c>{"campaigns": {"optOut": "subscribed" or "opted out"}}</c>, the state Customer 360 shows.</summary>
    public const string StateProperty = "campaigns";

    public const string CampaignCreated = "com.ecosystem.campaigns.campaign.created";
    public const string CampaignStarted = "com.ecosystem.campaigns.campaign.started";
    public const string CampaignPaused = "com.ecosystem.campaigns.campaign.paused";
    public const string CampaignResumed = "com.ecosystem.campaigns.campaign.resumed";
    public const string CampaignFinished = "com.ecosystem.campaigns.campaign.finished";
    public const string TargetsImported = "com.ecosystem.campaigns.targets.imported";
    public const string MessageSent = "com.ecosystem.campaigns.message.sent";
    public const string OptedOut = "com.ecosystem.campaigns.optout.created";
}
