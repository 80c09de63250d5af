using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ecosystem.Analytics.WriteKeys;

/// <summary>
/// Authenticates an ingestion source by its write key, sent as the HTTP Basic user (Segment's convention, password
/// empty) or in <c>X-Write-Key</c>. The principal has the role <c>source</c> and the key's id as actor.
/// </summary>
internal sealed class WriteKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string KeyIdClaim = "write_key_id";
    public const string PolicyClaim = "write_key_policy";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key = Request.Headers["X-Write-Key"].ToString() is { Length: > 0 } h ? h : null;
        var header = Request.Headers.Authorization.ToString();
        if (key is null && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                key = decoded.Split(':', 2)[0];
            }
            catch (FormatException)
            {
                return AuthenticateResult.Fail("Malformed Basic credentials.");
            }
        }

        if (string.IsNullOrEmpty(key)) return AuthenticateResult.NoResult();
        // The cache answers most requests without creating the service and its DbContext (measurable per request).
        var cache = Context.RequestServices.GetRequiredService<WriteKeyCache>();
        var time = Context.RequestServices.GetRequiredService<TimeProvider>();
        var source = key.Length is >= 10 and <= 100 && cache.TryGet(WriteKey.Hash(key), time.GetUtcNow(), out var cached)
            ? cached
            : await Context.RequestServices.GetRequiredService<WriteKeyService>().ResolveAsync(key, Context.RequestAborted).ConfigureAwait(false);
        if (source is null) return AuthenticateResult.Fail("Unknown or revoked write key.");
        var identity = new ClaimsIdentity(
            [new Claim(KeyIdClaim, source.Id), new Claim(PolicyClaim, source.Policy.ToString()), new Claim(EcosystemClaims.Username, source.Name), new Claim(EcosystemClaims.Role, "source")],
            EcosystemClaims.WriteKeyScheme, EcosystemClaims.Username, EcosystemClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), EcosystemClaims.WriteKeyScheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Basic realm=\"ecosystem-ingestion\"";
        return Task.CompletedTask;
    }
}
