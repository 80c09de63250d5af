namespace Ecosystem.Campaigns.Campaigns;

/// <summary>A new campaign: its name, <c>promo</c> or <c>voucher</c>, the template's id (from the <c>templates</c> setting) and optional metadata.</summary>
public sealed record CampaignRequest(string? Name, string? Type, string? TemplateId, CampaignMetadata? Metadata);
