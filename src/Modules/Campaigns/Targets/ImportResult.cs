namespace Ecosystem.Campaigns.Targets;

/// <summary>What an upload did: rows read, imported, dropped as duplicates, rejected (the first 1,000 listed with their lines).</summary>
public sealed record ImportResult(string CampaignId, int Rows, int Imported, int Duplicates, int Rejected, IReadOnlyList<RejectedRow> RejectedRows);
