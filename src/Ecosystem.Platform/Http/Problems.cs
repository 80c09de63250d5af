using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Platform.Http;

/// <summary>RFC 9457 problem details with a stable machine <c>code</c>, one mapping for the whole platform.</summary>
public static class Problems
{
    public static ProblemHttpResult For(Error error) => TypedResults.Problem(ToProblemDetails(error));

    private static ProblemDetails ToProblemDetails(Error error)
    {
        var problem = new ProblemDetails
        {
            Status = error.Status,
            Title = TitleFor(error.Status),
            Detail = error.Message,
            Type = "https://ecosystem.local/problems/" + error.Code.ToLowerInvariant().Replace('_', '-'),
        };
        problem.Extensions["code"] = error.Code;
        if (error.Fields is not null) problem.Extensions["errors"] = error.Fields;
        if (Activity.Current?.Id is { } traceId) problem.Extensions["traceId"] = traceId;
        return problem;
    }

    /// <summary>Writes a problem straight to the response, for middleware that answers before any endpoint runs.</summary>
    public static async Task WriteAsync(HttpContext http, Error error)
    {
        http.Response.StatusCode = error.Status;
        AddRetryAfter(http, error);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = ToProblemDetails(error) }).ConfigureAwait(false);
    }

    /// <summary>Sends <c>Retry-After</c> (whole seconds, at least 1) when the error carries a wait.</summary>
    public static void AddRetryAfter(HttpContext http, Error? error)
    {
        if (error?.RetryAfter is { } wait) http.Response.Headers.RetryAfter = RetryAfterSeconds(wait);
    }

    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Maps a result to 200 OK with its value, or to its problem.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Result<T> result) =>
        result.IsSuccess ? TypedResults.Ok(result.Value) : For(result.Error!);

    public static string CodeForStatus(int status) => status switch
    {
        400 => "BAD_REQUEST",
        401 => "UNAUTHENTICATED",
        403 => "FORBIDDEN",
        404 => "NOT_FOUND",
        405 => "METHOD_NOT_ALLOWED",
        409 => "CONFLICT",
        413 => "PAYLOAD_TOO_LARGE",
        415 => "UNSUPPORTED_MEDIA_TYPE",
        422 => "UNPROCESSABLE",
        429 => "TOO_MANY_REQUESTS",
        _ when status >= 500 => "INTERNAL_ERROR",
        _ => "ERROR",
    };

    public static string TitleFor(int status) => status switch
    {
        400 => "Bad request",
        401 => "Authentication required",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        413 => "Payload too large",
        415 => "Unsupported media type",
        422 => "Unprocessable content",
        429 => "Too many requests",
        _ when status >= 500 => "Internal server error",
        _ => "Error",
    };
}
