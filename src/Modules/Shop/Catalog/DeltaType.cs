namespace Ecosystem.Shop.Catalog;

/// <summary>How an option changes the unit price: by a fixed amount, or by a percentage of the base.</summary>
internal enum DeltaType { Fixed, Percent }
