namespace Ecosystem.Platform;

/// <summary>The JSON type of a kept state property: a string or an integer.</summary>
public enum SummaryValueType { Text, Integer }
