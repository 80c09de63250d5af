namespace Ecosystem.Campaigns.Targets;

/// <summary>A row not imported: its line in the upload (1 = the first line; in a JSON list, the item's position from 1) and why.</summary>
public sealed record RejectedRow(int Line, string Reason);
