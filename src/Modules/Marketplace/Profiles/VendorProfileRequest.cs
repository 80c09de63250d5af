namespace Ecosystem.Marketplace.Profiles;

/// <summary>A vendor's own profile: the name buyers see, the region they work in, the categories they sell (lower-case words).</summary>
public sealed record VendorProfileRequest(string? DisplayName, string? Region, IReadOnlyList<string?>? Categories);
