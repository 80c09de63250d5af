using Microsoft.AspNetCore.Http;

namespace Ecosystem.Platform.Http;

/// <summary>
/// Extra sources one integration needs on some pages, for example a payment provider's card form on the chat page.
/// A module registers it (as a singleton) only when that integration is configured, so the default policy stays
/// exactly <see cref="ContentSecurityPolicy.Default"/> everywhere else.
/// </summary>
/// <param name="PathPrefix">Pages whose path starts with this (e.g. <c>/chat/</c>).</param>
public sealed record CspAllowance(string PathPrefix, IReadOnlyList<string> ScriptSrc, IReadOnlyList<string> FrameSrc, IReadOnlyList<string> ConnectSrc);

public static class ContentSecurityPolicy
{
    /// <summary>Scripts only from this origin (no inline script, no eval); nothing may frame the product.</summary>
    public const string Default =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The policy for a request path: the default, plus the sources of every allowance whose prefix matches.</summary>
    public static string For(PathString path, IReadOnlyList<CspAllowance> allowances)
    {
        if (allowances.Count == 0) return Default;
        var matching = allowances.Where(a => path.StartsWithSegments(a.PathPrefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)).ToList();
        if (matching.Count == 0) return Default;
        static string Sources(IEnumerable<string> extra) => string.Join(' ', new[] { "'self'" }.Concat(extra.Distinct(StringComparer.Ordinal)));
        var script = Sources(matching.SelectMany(a => a.ScriptSrc));
        var frame = Sources(matching.SelectMany(a => a.FrameSrc));
        var connect = Sources(matching.SelectMany(a => a.ConnectSrc));
        return Default.Replace("script-src 'self'", "script-src " + script, StringComparison.Ordinal) + "; frame-src " + frame + "; connect-src " + connect;
    }
}
