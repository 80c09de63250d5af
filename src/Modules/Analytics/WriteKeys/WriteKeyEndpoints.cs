using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Analytics.WriteKeys;

/// <summary>Write keys: the credentials of event sources (the Segment-compatible API).</summary>
internal static class WriteKeyEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/write-keys", List).RequireAuthorization(AnalyticsPolicies.Manage).WithName("ListWriteKeys");
        admin.MapPost("/write-keys", Create).RequireAuthorization(AnalyticsPolicies.Manage).WithName("CreateWriteKey");
        admin.MapDelete("/write-keys/{id}", Revoke).RequireAuthorization(AnalyticsPolicies.Manage).WithName("RevokeWriteKey");
    }

    private static async Task<Ok<IReadOnlyList<WriteKeyDto>>> List(WriteKeyService keys, CancellationToken ct) =>
        TypedResults.Ok(await keys.ListAsync(ct).ConfigureAwait(false));

    private static async Task<Results<Created<WriteKeyCreated>, ProblemHttpResult>> Create(CreateWriteKeyRequest request, WriteKeyService keys, CancellationToken ct)
    {
        var result = await keys.CreateAsync(request, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/admin/write-keys/{result.Value!.Id}", result.Value) : Problems.For(result.Error!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(string id, WriteKeyService keys, CancellationToken ct)
    {
        var result = await keys.RevokeAsync(id, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.NoContent() : Problems.For(result.Error!);
    }
}
