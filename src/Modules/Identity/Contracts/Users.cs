namespace Ecosystem.Identity.Contracts;

public sealed record UserDto(string UserEcosystemId, string Username, string Email, string DisplayName, IReadOnlyList<string> Roles, string Status, DateTimeOffset CreatedAt);

/// <summary>What other modules may ask Identity about people.</summary>
public interface IUserDirectory
{
    Task<UserDto?> FindByUsernameAsync(string username, CancellationToken ct);

    Task<IReadOnlyDictionary<string, UserDto>> GetManyAsync(IReadOnlyCollection<string> userEcosystemIds, CancellationToken ct);
}
