namespace Ecosystem.Identity.Contracts;

/// <summary>What other modules may ask Identity about people.</summary>
public interface IUserDirectory
{
    Task<UserDto?> FindByUsernameAsync(string username, CancellationToken ct);

    Task<IReadOnlyDictionary<string, UserDto>> GetManyAsync(IReadOnlyCollection<string> userEcosystemIds, CancellationToken ct);
}
