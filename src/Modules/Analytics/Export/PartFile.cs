namespace Ecosystem.Analytics.Export;

/// <summary>One finished data file of a partition, as the <c>_SUCCESS</c> marker lists it.</summary>
internal sealed record PartFile(string Name, long Rows, long Bytes, string Sha256);
