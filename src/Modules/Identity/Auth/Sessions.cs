using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Ecosystem.Identity.Data;
using Ecosystem.Identity.Domain;
using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Identity.Auth;

/// <summary>Opaque, random session tokens; only their SHA-256 is stored.</summary>
internal static class SessionTokens
{
    public static string NewToken() => "eco_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static readonly TimeSpan CookieLifetime = TimeSpan.FromHours(12);
    public static readonly TimeSpan BearerLifetime = TimeSpan.FromHours(24);
}

/// <summary>Resolves a token to its principal: the session must be unrevoked and unexpired and its user active.</summary>
internal sealed class SessionValidator(IdentityDbContext db, TimeProvider time)
{
    public async Task<ClaimsPrincipal?> ValidateAsync(string token, CancellationToken ct)
    {
        if (token.Length is < 10 or > 200) return null;
        var hash = SessionTokens.Hash(token);
        var now = time.GetUtcNow();
        var row = await (from s in db.Sessions.AsNoTracking()
                         join u in db.Users.AsNoTracking() on s.UserEcosystemId equals u.UserEcosystemId
                         where s.TokenHash == hash && s.RevokedAt == null && s.ExpiresAt > now && u.Status == UserStatus.Active
                         select new { s.Id, u.UserEcosystemId, u.Username, u.DisplayName, u.RolesText }).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        if (row is null) return null;
        var claims = new List<Claim>
        {
            new(EcosystemClaims.UserEcosystemId, row.UserEcosystemId),
            new(EcosystemClaims.Username, row.Username),
            new(EcosystemClaims.DisplayName, row.DisplayName),
            new(EcosystemClaims.SessionId, row.Id),
        };
        claims.AddRange(row.RolesText.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim(EcosystemClaims.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, EcosystemClaims.Scheme, EcosystemClaims.Username, EcosystemClaims.Role));
    }
}
