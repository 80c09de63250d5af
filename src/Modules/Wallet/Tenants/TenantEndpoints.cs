using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Wallet.Tenants;

internal static class TenantEndpoints
{
    public static void Map(RouteGroupBuilder read)
    {
        read.MapGet("/tenant", GetTenant).WithName("GetWalletTenant");
    }

    private static async Task<Ok<TenantResponse>> GetTenant(TenantService tenants, CancellationToken ct) =>
        TypedResults.Ok(TenantService.ToResponse(await tenants.CurrentAsync(ct).ConfigureAwait(false)));
}
