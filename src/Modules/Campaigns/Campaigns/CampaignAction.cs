namespace Ecosystem.Campaigns.Campaigns;

/// <summary>What moves a campaign: an operator's start, pause, resume, or the dispatcher finishing it.</summary>
public enum CampaignAction { Start, Pause, Resume, Finish }
