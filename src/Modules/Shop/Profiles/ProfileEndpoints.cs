using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Shop.Profiles;

/// <summary>The signed-in person's own shop profile.</summary>
internal static class ProfileEndpoints
{
    public static void Map(RouteGroupBuilder me)
    {
        me.MapGet("/profile", GetProfile).WithName("GetShopProfile");
        me.MapPut("/profile", SaveProfile).WithName("SaveShopProfile");
    }

    private static async Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> GetProfile(OperationContext op, ProfileService profiles, CancellationToken ct) =>
        (await profiles.GetAsync(op.ActorId, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> SaveProfile(ProfileRequest request, OperationContext op, ProfileService profiles, CancellationToken ct) =>
        (await profiles.SaveAsync(op.ActorId, request, ct).ConfigureAwait(false)).ToOk();
}
