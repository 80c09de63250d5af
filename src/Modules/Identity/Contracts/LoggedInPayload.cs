namespace Ecosystem.Identity.Contracts;

/// <summary>The metadata of <see cref="IdentityEvents.LoggedIn"/>: the session kind and the anonymous id the browser had, if any.</summary>
public sealed record LoggedInPayload(string SessionKind, string? AnonymousId);
