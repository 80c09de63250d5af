using Ecosystem.Platform;

namespace Ecosystem.Identity.Contracts;

/// <summary>What other modules may ask Identity about people.</summary>
public interface IUserDirectory
{
    Task<UserDto?> FindByUsernameAsync(string username, CancellationToken ct);

    Task<IReadOnlyDictionary<string, UserDto>> GetManyAsync(IReadOnlyCollection<string> userEcosystemIds, CancellationToken ct);

    /// <summary>Gives the person a role (audited); true when it was new. Joins the caller's unit of work.</summary>
    Task<Result<bool>> GrantRoleAsync(string userEcosystemId, string role, CancellationToken ct);
}
