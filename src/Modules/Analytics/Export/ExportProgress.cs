namespace Ecosystem.Analytics.Export;

/// <summary>Where the export is: partition <see cref="Done"/> of <see cref="Total"/>, and rows written in the current one.</summary>
internal readonly record struct ExportProgress(int Done, int Total, DateOnly Day, long Rows, string? Notice = null);
