namespace Ecosystem.Analytics.Export;

internal sealed record ExportSummary(long Rows, int Partitions, int Skipped, int EmptyDays, IReadOnlyList<DateOnly> OpenDays);
