namespace Ecosystem.Marketplace.Profiles;

/// <summary>A buyer's segment (a lower-case word such as <c>standard</c>, <c>business</c>, <c>vip</c>).</summary>
public sealed record BuyerProfileRequest(string? Segment);
