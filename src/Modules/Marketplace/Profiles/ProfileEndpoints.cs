using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Marketplace.Profiles;

/// <summary>The caller's marketplace profile and wallet; vendors' own profiles; the vendor directory; admins' figures.</summary>
internal static class ProfileEndpoints
{
    public static void Map(RouteGroupBuilder me, RouteGroupBuilder sell, RouteGroupBuilder manage)
    {
        me.MapGet("/me", GetMe).WithName("GetMyMarketplace");
        me.MapPut("/me/buyer", SaveBuyer).WithName("SaveMarketplaceBuyerProfile");
        me.MapGet("/vendors", ListVendors).WithName("ListMarketplaceVendors");
        me.MapGet("/vendors/{userEcosystemId}", GetVendor).WithName("GetMarketplaceVendor").Answers(ProfileService.VendorNotFound);
        sell.MapPut("/vendor-profile", SaveVendor).WithName("SaveMarketplaceVendorProfile");
        manage.MapPut("/vendors/{userEcosystemId}/figures", SetFigures).WithName("SetMarketplaceVendorFigures").Answers(ProfileService.VendorNotFound);
    }

    private static async Task<Ok<MeResponse>> GetMe(HttpContext http, OperationContext op, Capabilities capabilities, ProfileService profiles, CancellationToken ct) =>
        TypedResults.Ok(await profiles.MeAsync(op.ActorId, capabilities.Allows(MarketplacePolicies.Sell, http.User.Roles()), ct).ConfigureAwait(false));

    private static async Task<Results<Ok<BuyerResponse>, ProblemHttpResult>> SaveBuyer(BuyerProfileRequest request, OperationContext op, ProfileService profiles, CancellationToken ct) =>
        (await profiles.SaveBuyerAsync(op.ActorId, request, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Ok<IReadOnlyList<VendorResponse>>> ListVendors(ProfileService profiles, CancellationToken ct) =>
        TypedResults.Ok(await profiles.ListVendorsAsync(ct).ConfigureAwait(false));

    private static async Task<Results<Ok<VendorResponse>, ProblemHttpResult>> GetVendor(string userEcosystemId, ProfileService profiles, CancellationToken ct) =>
        (await profiles.GetVendorAsync(userEcosystemId, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<VendorResponse>, ProblemHttpResult>> SaveVendor(VendorProfileRequest request, OperationContext op, ProfileService profiles, CancellationToken ct) =>
        (await profiles.SaveVendorAsync(op.ActorId, request, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<VendorResponse>, ProblemHttpResult>> SetFigures(string userEcosystemId, VendorFiguresRequest request, ProfileService profiles, CancellationToken ct) =>
        (await profiles.SetFiguresAsync(userEcosystemId, request, ct).ConfigureAwait(false)).ToOk();
}
