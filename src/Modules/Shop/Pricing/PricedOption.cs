namespace Ecosystem.Shop.Pricing;

/// <summary>A chosen option as it was priced: its delta as configured and what it added to one unit (minor units).</summary>
public sealed record PricedOption(string OptionId, string Group, string Name, string DeltaType, long PriceDelta, long UnitAmount);
