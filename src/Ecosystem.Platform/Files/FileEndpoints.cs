using Ecosystem.Platform.Http;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Platform.Files;

/// <summary>
/// Upload: <c>POST /api/files/{bucket}?name=…</c> with the file's bytes as the body. A file's record and a fresh link:
/// <c>GET /api/files/{id}</c>. Download: <c>GET /files/{token}</c>, anonymous, while the signed link lives.
/// </summary>
internal static class FileEndpoints
{
    public static void MapFiles(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        var catalog = endpoints.ServiceProvider.GetRequiredService<FileCatalog>();
        var files = api.MapGroup("/files").WithTags("Files").RequireAuthorization(Policies.SignedIn);
        // The body is the file's bytes, of any content type: the type is read from the bytes. (Declaring an Accepts
        // content type would make the router answer 415 before authorization.)
        files.MapPost("/{bucket}", Upload).WithName("UploadFile")
            .WithSummary("Upload a file: the request body is the file's bytes; ?name= is the name it downloads under.")
            .WithMetadata(new RequestSizeLimitAttribute(Math.Max(catalog.LargestFile, 1) + 1));
        files.MapGet("/{id}", Get).WithName("GetFile");
        endpoints.MapGet("/files/{token}", Download).AllowAnonymous().RequireRateLimiting(RateLimits.Public).WithTags("Files").WithName("DownloadFile");
    }

    private static async Task<Results<Created<StoredFileView>, ProblemHttpResult>> Upload(string bucket, string? name, HttpRequest request, OperationContext op, FileService files, CancellationToken ct)
    {
        var result = await files.SaveAsync(bucket, request.Body, name, op.ActorId, request.HttpContext.User.Roles(), ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/files/{result.Value!.Id}", result.Value) : Problems.For(result.Error!);
    }

    private static async Task<Results<Ok<StoredFileView>, ProblemHttpResult>> Get(string id, HttpContext http, OperationContext op, FileService files, CancellationToken ct) =>
        (await files.GetAsync(id, op.ActorId, http.User.Roles(), ct).ConfigureAwait(false)).ToOk();

    private static async Task<IResult> Download(string token, FileService files, CancellationToken ct)
    {
        var result = await files.OpenByLinkAsync(token, ct).ConfigureAwait(false);
        if (!result.IsSuccess) return Problems.For(result.Error!);
        var (name, contentType, content) = result.Value;
        // Images show inline; anything else downloads. The response is never sniffed into another type (nosniff is global).
        return TypedResults.File(content, contentType, contentType.StartsWith("image/", StringComparison.Ordinal) ? null : name);
    }

}
