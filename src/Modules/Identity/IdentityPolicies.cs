namespace Ecosystem.Identity;

/// <summary>The identity module's capabilities; their roles are declared in <see cref="IdentityModule"/>.</summary>
public static class IdentityPolicies
{
    public const string UsersManage = "users:manage";
}
