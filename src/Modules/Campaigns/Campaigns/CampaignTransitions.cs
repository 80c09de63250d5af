namespace Ecosystem.Campaigns.Campaigns;

/// <summary>
/// The one transition table of a campaign (seed "State Transitions": draft → running → paused → running → done). Every
/// change of a campaign's status looks its action up here and is applied as a conditional update from the status it
/// names; anything not in the table is 409 and changes nothing.
/// </summary>
internal static class CampaignTransitions
{
    private static readonly Dictionary<CampaignAction, (string From, string To, string Event)> Table = new()
    {
        [CampaignAction.Start] = (CampaignStatus.Draft, CampaignStatus.Running, Contracts.CampaignEvents.CampaignStarted),
        [CampaignAction.Pause] = (CampaignStatus.Running, CampaignStatus.Paused, Contracts.CampaignEvents.CampaignPaused),
        [CampaignAction.Resume] = (CampaignStatus.Paused, CampaignStatus.Running, Contracts.CampaignEvents.CampaignResumed),
        [CampaignAction.Finish] = (CampaignStatus.Running, CampaignStatus.Done, Contracts.CampaignEvents.CampaignFinished),
    };

    public static (string From, string To, string Event) Of(CampaignAction action) => Table[action];

    /// <summary>The actions allowed from <paramref name="status"/> (the pages show only these).</summary>
    public static IEnumerable<CampaignAction> From(string status) => Table.Where(t => t.Value.From == status).Select(t => t.Key);

    public static string Verb(CampaignAction action) => action.ToString().ToLowerInvariant();
}
