namespace Ecosystem.Platform;

/// <summary>A person as a module knows them: the name, the e-mail and what they are to that module ("Retention customer").</summary>
public sealed record KnownPerson(string Name, string? Email, string KnownAs);
