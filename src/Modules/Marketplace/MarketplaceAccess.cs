using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Http;

namespace Ecosystem.Marketplace;

/// <summary>Whether the caller holds the marketplace's admin capability (they see every intent and purchase of the tenant).</summary>
internal static class MarketplaceAccess
{
    public static bool Manages(HttpContext http, Capabilities capabilities) => capabilities.Allows(MarketplacePolicies.Manage, http.User.Roles());

    public static int Limit(int? limit) => Math.Clamp(limit ?? 50, 1, 200);
}
