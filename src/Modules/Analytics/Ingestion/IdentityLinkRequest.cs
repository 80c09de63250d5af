namespace Ecosystem.Analytics.Ingestion;

/// <summary>
/// "<paramref name="AnonymousId"/> is <paramref name="UserEcosystemId"/> from now on": an anonymous id linked at login
/// or by a Segment identify, or a previous id (an anonymous id or an older user id) merged into a person by a Segment
/// alias. One mechanism for both (<see cref="Data.IdentityLink"/>); the first link of an id wins.
/// </summary>
internal sealed record IdentityLinkRequest(string AnonymousId, string UserEcosystemId, DateTimeOffset At);
