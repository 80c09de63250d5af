using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Platform.Http;

/// <summary>The one handler for the unexpected: bad requests the framework detected become 400 problems; everything else is a 500 with a trace id.</summary>
public sealed partial class ExceptionToProblemHandler(IProblemDetailsService problems, IHostEnvironment env, ILogger<ExceptionToProblemHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        int status;
        string code;
        string detail;
        if (exception is BadHttpRequestException bad)
        {
            status = bad.StatusCode;
            code = status == 413 ? "PAYLOAD_TOO_LARGE" : "MALFORMED_REQUEST";
            detail = bad.InnerException is System.Text.Json.JsonException json
                ? "The request body is not valid JSON for this endpoint: " + json.Message
                : bad.Message;
        }
        else if (exception is Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
        {
            status = 409;
            code = "CONCURRENT_UPDATE";
            detail = "Someone changed this at the same moment. Reload and try again.";
        }
        else
        {
            status = 500;
            code = "INTERNAL_ERROR";
            detail = env.IsDevelopment() ? exception.ToString() : "An unexpected error occurred. Quote the trace id when you report it.";
            LogUnhandled(logger, exception, http.Request.Method, http.Request.Path);
        }

        if (!ApiPaths.IsApi(http.Request.Path) && status >= 500) return false;

        http.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = Problems.TitleFor(status), Detail = detail };
        problem.Extensions["code"] = code;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception }).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception ex, string method, string path);
}
