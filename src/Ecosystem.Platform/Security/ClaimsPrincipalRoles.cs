using System.Security.Claims;

namespace Ecosystem.Platform.Security;

public static class ClaimsPrincipalRoles
{
    /// <summary>The roles a signed-in person holds (none for anonymous callers), as <see cref="Capabilities"/> takes them.</summary>
    public static string[] Roles(this ClaimsPrincipal user) => [.. user.FindAll(EcosystemClaims.Role).Select(c => c.Value)];
}
