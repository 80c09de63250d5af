namespace Ecosystem.Campaigns.Campaigns;

/// <summary>
/// A campaign with its targets counted per status (every status present, 0 when none), when the send policy expects it
/// to finish (null when it is not running or beyond 60 days) and the actions its status allows.
/// </summary>
public sealed record CampaignResponse(
    string CampaignId, long? LegacyId, string Name, string Type, string TemplateId, string Status, string CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, CampaignMetadata Metadata,
    IReadOnlyDictionary<string, int> Counts, int Total, DateTimeOffset? EstimatedFinishAt, IReadOnlyList<string> Actions);
