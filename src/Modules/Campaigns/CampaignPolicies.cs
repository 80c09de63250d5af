namespace Ecosystem.Campaigns;

/// <summary>The campaigns' capabilities; their roles are declared in <see cref="CampaignsModule"/>.</summary>
public static class CampaignPolicies
{
    /// <summary>Create campaigns, upload their targets, start, pause and resume them; change the campaign settings.</summary>
    public const string Manage = "campaigns:manage";

    /// <summary>See the targets (phone numbers) of campaigns and the simulated phone inbox (the seed: super admin and support; the demo admin too).</summary>
    public const string Targets = "campaigns:targets";
}
