namespace Ecosystem.Platform.Data;

/// <summary>A unit's rollback failed, so the transaction it was part of cannot be trusted any more.</summary>
internal sealed class UnitBrokenException(Exception inner) : Exception("Rolling back a unit of work failed.", inner);
