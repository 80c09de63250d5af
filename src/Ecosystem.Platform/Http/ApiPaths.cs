using Microsoft.AspNetCore.Http;

namespace Ecosystem.Platform.Http;

/// <summary>Machine endpoints (JSON problems, 401 instead of a login redirect, no browser cookies): <c>/api</c> and the Segment-compatible <c>/v1</c>.</summary>
public static class ApiPaths
{
    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.Ordinal) || path.StartsWithSegments("/v1", StringComparison.Ordinal);
}
