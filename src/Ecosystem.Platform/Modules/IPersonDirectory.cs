namespace Ecosystem.Platform;

/// <summary>
/// A module that knows people who may have no sign-in account (a retention customer imported from the billing system)
/// names them for the admin console, so Customer 360 shows a person, not an id. Identity's accounts come first; a module
/// registers one of these as a scoped service.
/// </summary>
public interface IPersonDirectory
{
    Task<IReadOnlyDictionary<string, KnownPerson>> FindAsync(IReadOnlyCollection<string> userEcosystemIds, CancellationToken ct);
}
