using Ecosystem.Platform;
using static Ecosystem.Platform.ProductSummaryFold;

namespace Ecosystem.Campaigns.Contracts;

/// <summary>Campaigns in a person's Customer 360: the messages they received and whether they opted out.</summary>
public static class CampaignsCustomer360
{
    public static readonly ProductSummaryFold Fold = new(CampaignEvents.Product)
    {
        StateProperty = CampaignEvents.StateProperty,
        State = [new("optOut", "campaignsOptOut", SummaryValueType.Text, CoreOrder.Products + 70)],
        LastAt = [new("lastCampaignMessageAt", CampaignEvents.MessageSent, CoreOrder.EngagementScore + 70) { Label = "Last campaign message" }],
        Counters = [new("counters.campaignMessages", CampaignEvents.MessageSent, CoreOrder.EventCount + 70) { Label = "campaign messages" }],
    };
}
