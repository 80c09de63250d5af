namespace Ecosystem.Identity.Contracts;

/// <summary>The events the Identity module publishes.</summary>
public static class IdentityEvents
{
    /// <summary>The person logged in; metadata <see cref="LoggedInPayload"/>.</summary>
    public const string LoggedIn = "com.ecosystem.user.session.logged_in";
}
